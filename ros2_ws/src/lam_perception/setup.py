from setuptools import find_packages, setup

PACKAGE = "lam_perception"

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
    description="Perception and fusion nodes: RGB-D objects, fused Observation.",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "camera_node = lam_perception:camera_node",
            "fusion_node = lam_perception:fusion_node",
        ],
    },
)
