from setuptools import find_packages, setup

PACKAGE = "lam_voice"

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
    description="Speech node: spoken goals and a spoken stop from the microphone, spoken answers.",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "speech_node = lam_voice:speech_node",
        ],
    },
)
