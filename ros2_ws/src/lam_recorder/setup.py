from setuptools import find_packages, setup

PACKAGE = "lam_recorder"

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
    description="Recorder node: contract topics into rosbag2 (MCAP or sqlite3).",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "recorder_node = lam_recorder:recorder_node",
        ],
    },
)
