from setuptools import find_packages, setup

PACKAGE = "lam_sim"

setup(
    name=PACKAGE,
    version="0.1.0",
    packages=find_packages(exclude=["test"]),
    data_files=[
        ("share/ament_index/resource_index/packages", ["resource/" + PACKAGE]),
        ("share/" + PACKAGE, ["package.xml"]),
    ],
    install_requires=["setuptools"],
    zip_safe=True,
    description="Embedded MuJoCo simulator node: publishes the contract sensor topics and /clock, drives the base from /cmd_vel.",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "sim_node = lam_sim:sim_node",
        ],
    },
)
