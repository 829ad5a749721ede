from setuptools import find_packages, setup

PACKAGE = "lam_bringup"

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
    description="The lam command line: graph runner, demo, simulator viewer.",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "lam = lam_bringup.cli:main",
        ],
    },
)
