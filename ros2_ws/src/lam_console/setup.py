from setuptools import find_packages, setup

PACKAGE = "lam_console"
STATIC = ["static/index.html", "static/app.js", "static/app.css"]

setup(
    name=PACKAGE,
    version="0.1.0",
    packages=find_packages(exclude=["test"]),
    # The page is package data: the node serves it from beside its module (lam_console/static).
    package_data={PACKAGE: STATIC},
    data_files=[
        ("share/ament_index/resource_index/packages", ["resource/" + PACKAGE]),
        ("share/" + PACKAGE, ["package.xml"]),
        ("share/" + PACKAGE + "/static", [PACKAGE + "/" + f for f in STATIC]),
    ],
    install_requires=["setuptools"],
    zip_safe=False,
    description="Operator web console: camera, plan, map, goals, questions and the e-stop on one HTTP port.",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "console_node = lam_console:console_node",
        ],
    },
)
