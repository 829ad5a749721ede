// Loads SDFormat files with libsdformat (sdformat12: SDF up to 1.9) and prints what it finds.
//
//   sdf_check [--allow-element NAME]... FILE...
//
// Strict: warnings, unrecognised and deprecated elements are errors, except elements named with
// --allow-element (Gazebo Harmonic elements newer than SDF 1.9, e.g. gz_frame_id). model:// URIs
// resolve in the folders of GZ_SIM_RESOURCE_PATH and SDF_PATH (colon-separated), as Gazebo does.
// For each model it prints, in the model frame at zero joint positions:
//   model NAME x y z roll pitch yaw                      (pose in the world; zeros for a model file)
//   link NAME x y z roll pitch yaw
//   joint NAME TYPE PARENT CHILD axis_x axis_y axis_z     (axis in the model frame; 0 0 0 if none)
//   sensor NAME TYPE LINK TOPIC
// Exit status: 0 when every file loads without errors, 1 otherwise, 2 on bad usage.
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include <sdf/sdf.hh>

namespace {

bool Allowed(const sdf::Error &error, const std::vector<std::string> &allowed) {
  for (const auto &name : allowed) {
    if (error.Message().find("Element[" + name + "]") != std::string::npos) return true;
  }
  return false;
}

const char *JointTypeName(sdf::JointType type) {
  switch (type) {
    case sdf::JointType::FIXED: return "fixed";
    case sdf::JointType::REVOLUTE: return "revolute";
    case sdf::JointType::CONTINUOUS: return "continuous";
    case sdf::JointType::PRISMATIC: return "prismatic";
    default: return "other";
  }
}

void PrintPose(const ignition::math::Pose3d &pose) {
  const auto &p = pose.Pos();
  const auto rpy = pose.Rot().Euler();
  std::cout << " " << p.X() << " " << p.Y() << " " << p.Z() << " " << rpy.X() << " " << rpy.Y() << " " << rpy.Z() << "\n";
}

int ReportModel(const sdf::Model *model, const std::string &prefix, bool inWorld) {
  int errors = 0;
  ignition::math::Pose3d modelPose;
  if (inWorld) {
    sdf::Errors errs = model->SemanticPose().Resolve(modelPose);
    for (const auto &e : errs) { std::cerr << "error: model " << model->Name() << ": " << e.Message() << "\n"; ++errors; }
  }
  std::cout << "model " << prefix << model->Name();
  PrintPose(modelPose);
  for (uint64_t i = 0; i < model->LinkCount(); ++i) {
    const sdf::Link *link = model->LinkByIndex(i);
    ignition::math::Pose3d pose;
    sdf::Errors errs = link->SemanticPose().Resolve(pose, "__model__");
    for (const auto &e : errs) { std::cerr << "error: link " << link->Name() << ": " << e.Message() << "\n"; ++errors; }
    std::cout << "link " << prefix << link->Name();
    PrintPose(pose);
    for (uint64_t s = 0; s < link->SensorCount(); ++s) {
      const sdf::Sensor *sensor = link->SensorByIndex(s);
      std::cout << "sensor " << sensor->Name() << " " << sensor->TypeStr() << " " << prefix << link->Name() << " "
                << sensor->Topic() << "\n";
    }
  }
  for (uint64_t i = 0; i < model->JointCount(); ++i) {
    const sdf::Joint *joint = model->JointByIndex(i);
    ignition::math::Vector3d axis(0, 0, 0);
    if (const sdf::JointAxis *a = joint->Axis(0)) {
      sdf::Errors errs = a->ResolveXyz(axis, "__model__");
      for (const auto &e : errs) { std::cerr << "error: joint " << joint->Name() << ": " << e.Message() << "\n"; ++errors; }
    }
    std::cout << "joint " << prefix << joint->Name() << " " << JointTypeName(joint->Type()) << " "
              << joint->ParentLinkName() << " " << joint->ChildLinkName() << " "
              << axis.X() << " " << axis.Y() << " " << axis.Z() << "\n";
  }
  for (uint64_t i = 0; i < model->ModelCount(); ++i) {
    errors += ReportModel(model->ModelByIndex(i), prefix + model->Name() + "::", false);
  }
  return errors;
}

}  // namespace

int main(int argc, char **argv) {
  std::vector<std::string> allowed;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--allow-element" && i + 1 < argc) {
      allowed.emplace_back(argv[++i]);
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    std::cerr << "usage: sdf_check [--allow-element NAME]... FILE...\n";
    return 2;
  }
  std::cout << std::setprecision(12);
  sdf::ParserConfig config;
  for (const char *var : {"GZ_SIM_RESOURCE_PATH", "SDF_PATH"}) {
    if (const char *value = std::getenv(var)) config.AddURIPath("model://", value);
  }
  config.SetWarningsPolicy(sdf::EnforcementPolicy::ERR);
  config.SetUnrecognizedElementsPolicy(sdf::EnforcementPolicy::ERR);
  config.SetDeprecatedElementsPolicy(sdf::EnforcementPolicy::ERR);

  int failures = 0;
  for (const auto &file : files) {
    sdf::Root root;
    sdf::Errors errors = root.Load(file, config);
    int count = 0;
    for (const auto &e : errors) {
      if (Allowed(e, allowed)) continue;
      std::cerr << "error: " << file << ": " << e.Message() << "\n";
      ++count;
    }
    std::cout << "file " << file << " version " << root.Version() << "\n";
    if (const sdf::Model *model = root.Model()) count += ReportModel(model, "", false);
    for (uint64_t w = 0; w < root.WorldCount(); ++w) {
      const sdf::World *world = root.WorldByIndex(w);
      std::cout << "world " << world->Name() << "\n";
      for (uint64_t m = 0; m < world->ModelCount(); ++m) count += ReportModel(world->ModelByIndex(m), "", true);
    }
    if (!root.Model() && root.WorldCount() == 0) {
      std::cerr << "error: " << file << ": neither a model nor a world\n";
      ++count;
    }
    if (count > 0) ++failures;
  }
  return failures > 0 ? 1 : 0;
}
