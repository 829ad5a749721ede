from setuptools import find_packages, setup

PACKAGE = "lam_description"

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
    description="Robot state publisher: /robot_description, /tf_static and /tf from /joint_states.",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "state_publisher_node = lam_description:state_publisher_node",
        ],
    },
)
