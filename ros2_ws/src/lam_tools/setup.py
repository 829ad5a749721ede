from setuptools import find_packages, setup

PACKAGE = "lam_tools"

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
    description="Tooling of the LAM agent, free of rclpy: process runner, graph files, rosbag2 bags, replay comparison, robot exporters.",
    license="Apache-2.0",
)
