from setuptools import find_packages, setup

PACKAGE = "lam_executor"

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
    description="Executor node: safety shield and controllers, the only node that drives actuators.",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "executor_node = lam_executor:executor_node",
        ],
    },
)
