"""One robot description: the generated MJCF and URDF are current and agree with it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import mujoco
import pytest

from lam_core.errors import ConfigError
from lam_core.robot.description import parse_description, robot_description
from lam_tools.exporters.export import generated_files


def test_generated_robot_files_are_up_to_date() -> None:
    for path, text in generated_files().items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run `lam robot export`"


def test_urdf_and_mjcf_have_the_description_joints_and_limits() -> None:
    desc = robot_description()
    files = {p.name: t for p, t in generated_files().items()}
    urdf = ET.fromstring(files[f"{desc.name}.urdf"].split("\n", 2)[2])
    urdf_joints = {j.get("name"): j for j in urdf.findall("joint")}
    assert set(urdf_joints) == set(desc.joints)
    mj = mujoco.MjModel.from_xml_string(files["robot.xml"])
    mj_joints = {mj.joint(i).name for i in range(mj.njnt)} - {"base_free"}
    assert mj_joints == {n for n, j in desc.joints.items() if j.movable}
    for name, j in desc.joints.items():
        assert urdf_joints[name].get("type") == j.type
        if j.limited:
            lim = urdf_joints[name].find("limit")
            assert lim is not None and float(lim.get("lower", "nan")) == pytest.approx(j.lower)
            assert tuple(mj.joint(name).range) == pytest.approx((j.lower, j.upper))
    # The URDF also loads in MuJoCo: same movable joints as the MJCF.
    from_urdf = mujoco.MjModel.from_xml_string(files[f"{desc.name}.urdf"])
    assert {from_urdf.joint(i).name for i in range(from_urdf.njnt)} >= mj_joints - {"base_free"}


def test_every_position_joint_has_an_actuator_with_its_effort_limit() -> None:
    desc = robot_description()
    files = {p.name: t for p, t in generated_files().items()}
    mj = mujoco.MjModel.from_xml_string(files["robot.xml"])
    driven = {mj.joint(int(mj.actuator_trnid[a][0])).name: a for a in range(mj.nu)}
    for name in (desc.base_left_wheel, desc.base_right_wheel, *desc.arm_joints, *desc.gripper_joints):
        a = driven[name]
        assert tuple(mj.actuator_forcerange[a]) == pytest.approx((-desc.joint(name).effort, desc.joint(name).effort))


@pytest.mark.parametrize(
    "mutate,message",
    [
        (lambda d: d["joints"]["arm_elbow_joint"].update(parent="nowhere"), "not a link"),
        (lambda d: d["joints"]["arm_elbow_joint"].update(lower=3.0), "lower must be below upper"),
        (lambda d: d["links"]["base_link"]["geoms"][0].update(type="mesh"), "geom type"),
        (lambda d: d["groups"].update(arm=["no_such_joint"]), "no joint"),
        (lambda d: d["joints"]["camera_joint"].update(xyz=[0, 0]), "expected 3 numbers"),
    ],
)
def test_bad_descriptions_are_rejected(mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    import copy

    import yaml

    from lam_core.robot.description import description_path

    data = copy.deepcopy(yaml.safe_load(description_path().read_text()))
    mutate(data)
    with pytest.raises(ConfigError, match=message):
        parse_description(data)
