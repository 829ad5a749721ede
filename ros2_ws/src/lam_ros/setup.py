from setuptools import find_packages, setup

PACKAGE = "lam_ros"

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
    description="ROS 2 shell helpers shared by the LAM nodes: message conversion, QoS profiles, parameters, node main.",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
        ],
    },
)
