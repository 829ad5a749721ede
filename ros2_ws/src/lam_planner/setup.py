from setuptools import find_packages, setup

PACKAGE = "lam_planner"

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
    description="Planner node: ExecuteGoal action server, task planner and actor.",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "planner_node = lam_planner:planner_node",
        ],
    },
)
