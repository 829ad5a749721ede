// twin_physics: runs an SDF world in Ignition Physics 5 (dartsim or bullet),
// drives the joints of one model from a command file and logs trajectories
// to CSV.
//
// Build (from the repository root):
//   g++ -std=c++17 -O2 -o twin_physics sim/twin/twin_physics.cc $(pkg-config --cflags --libs ignition-physics5 ignition-physics5-sdf sdformat12 ignition-plugin1-loader ignition-math6)
//
// Usage:
//   twin_physics --engine dartsim|bullet --world WORLD.sdf --resource-path DIR
//                --model NAME --commands CMD.txt --out OUT.csv
//                [--dt 0.001] [--log-period 0.01] [--duration S]
//                [--track MODEL]...
//
// --resource-path may be repeated; model://NAME resolves to DIR/NAME.
//
// Command file: one command per line, `t_s joint_name mode value`, sorted by
// time; `#` starts a comment. mode is `velocity` (joint velocity [rad/s or
// m/s]) or `position` (joint position target [rad or m], tracked with
// v = clamp(20 * (target - q), -vmax, vmax), vmax = the SDF velocity limit or
// 1.5). A command holds from t_s until the next command for the same joint.
//
// CSV columns: t, then the world pose of the model's canonical link
// (x, y, z [m]; roll, pitch, yaw [rad], extrinsic X-Y-Z), then the position of
// every non-fixed joint of the model in SDF order, then MODEL_x, MODEL_y,
// MODEL_z [m] (world position of the canonical link) for each --track MODEL.
//
// Units are SI throughout. Exit status: 0 on success, 2 on any error.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <ignition/math/Pose3.hh>
#include <ignition/math/eigen3/Conversions.hh>
#include <ignition/physics/ForwardStep.hh>
#include <ignition/physics/FrameSemantics.hh>
#include <ignition/physics/Joint.hh>
#include <ignition/physics/RequestEngine.hh>
#include <ignition/physics/config.hh>
#include <ignition/physics/sdf/ConstructJoint.hh>
#include <ignition/physics/sdf/ConstructLink.hh>
#include <ignition/physics/sdf/ConstructModel.hh>
#include <ignition/physics/sdf/ConstructWorld.hh>
#include <ignition/plugin/Loader.hh>
#include <sdf/Joint.hh>
#include <sdf/JointAxis.hh>
#include <sdf/Link.hh>
#include <sdf/Model.hh>
#include <sdf/ParserConfig.hh>
#include <sdf/Root.hh>
#include <sdf/World.hh>

namespace {

namespace physics = ignition::physics;

// Only features that both the dartsim and the bullet plugin provide. Entities
// are constructed one by one (world, model, links, joints) so that their
// handles are known without the GetEntities feature, which bullet lacks.
using Features = physics::FeatureList<
    physics::sdf::ConstructSdfWorld,
    physics::sdf::ConstructSdfModel,
    physics::sdf::ConstructSdfLink,
    physics::sdf::ConstructSdfJoint,
    physics::ForwardStep,
    physics::LinkFrameSemantics,
    physics::GetBasicJointState,
    physics::SetJointVelocityCommandFeature>;

using EnginePtr = physics::Engine3dPtr<Features>;
using WorldPtr = physics::World3dPtr<Features>;
using ModelPtr = physics::Model3dPtr<Features>;
using LinkPtr = physics::Link3dPtr<Features>;
using JointPtr = physics::Joint3dPtr<Features>;

constexpr int kExitError = 2;
constexpr double kPositionGain = 20.0;        // [1/s]
constexpr double kDefaultMaxVelocity = 1.5;   // [rad/s or m/s]
constexpr double kTimeTolerance = 1e-9;       // [s]

struct Error : std::runtime_error
{
  using std::runtime_error::runtime_error;
};

// ---------------------------------------------------------------------------
// Command line

struct Options
{
  std::string engine;
  std::string world;
  std::vector<std::string> resourcePaths;
  std::string model;
  std::string commands;
  std::string out;
  double dt = 0.001;         // [s]
  double logPeriod = 0.01;   // [s]
  double duration = -1.0;    // [s]; negative: last command time + 1 s
  std::vector<std::string> tracked;
};

const char *const kUsage =
    "usage: twin_physics --engine dartsim|bullet --world WORLD.sdf "
    "--resource-path DIR --model NAME --commands CMD.txt --out OUT.csv "
    "[--dt 0.001] [--log-period 0.01] [--duration S] [--track MODEL]...";

double ParseNumber(const std::string &_text, const std::string &_what)
{
  std::size_t used = 0;
  double value = 0.0;
  try
  {
    value = std::stod(_text, &used);
  }
  catch (const std::exception &)
  {
    used = 0;
  }
  if (used == 0 || used != _text.size() || !std::isfinite(value))
    throw Error("invalid number '" + _text + "' for " + _what);
  return value;
}

Options ParseOptions(int _argc, char **_argv)
{
  Options opt;
  for (int i = 1; i < _argc; ++i)
  {
    const std::string flag = _argv[i];
    if (i + 1 >= _argc)
      throw Error("missing value after " + flag + "; " + kUsage);
    const std::string value = _argv[++i];

    if (flag == "--engine") opt.engine = value;
    else if (flag == "--world") opt.world = value;
    else if (flag == "--resource-path") opt.resourcePaths.push_back(value);
    else if (flag == "--model") opt.model = value;
    else if (flag == "--commands") opt.commands = value;
    else if (flag == "--out") opt.out = value;
    else if (flag == "--dt") opt.dt = ParseNumber(value, flag);
    else if (flag == "--log-period") opt.logPeriod = ParseNumber(value, flag);
    else if (flag == "--duration") opt.duration = ParseNumber(value, flag);
    else if (flag == "--track") opt.tracked.push_back(value);
    else throw Error("unknown option " + flag + "; " + kUsage);
  }

  if (opt.engine.empty() || opt.world.empty() || opt.resourcePaths.empty() ||
      opt.model.empty() || opt.commands.empty() || opt.out.empty())
  {
    throw Error(std::string("missing required option; ") + kUsage);
  }
  if (opt.engine != "dartsim" && opt.engine != "bullet")
    throw Error("--engine must be dartsim or bullet, not '" + opt.engine + "'");
  if (opt.dt <= 0.0)
    throw Error("--dt must be positive");
  if (opt.logPeriod < opt.dt)
    throw Error("--log-period must be at least --dt");
  const double stepsPerLog = opt.logPeriod / opt.dt;
  if (std::fabs(stepsPerLog - std::round(stepsPerLog)) > 1e-6)
    throw Error("--log-period must be a whole multiple of --dt");
  return opt;
}

// ---------------------------------------------------------------------------
// Command file

enum class Mode { kVelocity, kPosition };

struct Command
{
  double time;         // [s]
  std::string joint;
  Mode mode;
  double value;        // velocity [rad/s or m/s] or position [rad or m]
};

Mode ParseMode(const std::string &_text, const std::string &_where)
{
  if (_text == "velocity") return Mode::kVelocity;
  if (_text == "position") return Mode::kPosition;
  throw Error(_where + ": mode must be velocity or position, not '" +
              _text + "'");
}

std::vector<Command> ReadCommands(const std::string &_path)
{
  std::ifstream in(_path);
  if (!in)
    throw Error("cannot open command file " + _path);

  std::vector<Command> commands;
  std::string line;
  for (int lineNo = 1; std::getline(in, line); ++lineNo)
  {
    const std::string where = _path + ":" + std::to_string(lineNo);
    std::istringstream fields(line.substr(0, line.find('#')));
    std::vector<std::string> tokens;
    for (std::string token; fields >> token;)
      tokens.push_back(token);
    if (tokens.empty())
      continue;
    if (tokens.size() != 4)
      throw Error(where + ": expected 't_s joint_name mode value'");

    Command cmd{ParseNumber(tokens[0], where + " time"), tokens[1],
                ParseMode(tokens[2], where), ParseNumber(tokens[3], where)};
    if (cmd.time < 0.0)
      throw Error(where + ": negative time");
    if (!commands.empty() && cmd.time < commands.back().time)
      throw Error(where + ": commands are not sorted by time");
    commands.push_back(cmd);
  }
  return commands;
}

// ---------------------------------------------------------------------------
// SDF loading

std::string OneLine(std::string _text)
{
  std::replace(_text.begin(), _text.end(), '\n', ' ');
  return _text;
}

void LoadSdf(const Options &_opt, sdf::Root &_root)
{
  if (!std::ifstream(_opt.world))
    throw Error("cannot open world file " + _opt.world);

  sdf::ParserConfig config;
  for (const auto &dir : _opt.resourcePaths)
    config.AddURIPath("model://", dir);
  // Only the given resource paths are searched.
  config.SetFindCallback([](const std::string &) { return std::string(); });

  const sdf::Errors errors = _root.Load(_opt.world, config);
  if (!errors.empty())
    throw Error("cannot load " + _opt.world + ": " +
                OneLine(errors.front().Message()));
  if (_root.WorldCount() == 0)
    throw Error(_opt.world + " holds no <world>");
}

// ---------------------------------------------------------------------------
// Engine and scene construction

EnginePtr LoadEngine(const std::string &_name, ignition::plugin::Loader &_loader)
{
  const std::string lib = std::string(IGNITION_PHYSICS_ENGINE_INSTALL_DIR) +
      "/libignition-physics5-" + _name + "-plugin.so";
  if (_loader.LoadLib(lib).empty())
    throw Error("cannot load physics plugin library " + lib);

  const std::string pluginName = "ignition::physics::" + _name + "::Plugin";
  ignition::plugin::PluginPtr plugin = _loader.Instantiate(pluginName);
  if (!plugin)
    throw Error("cannot instantiate plugin " + pluginName + " from " + lib);

  EnginePtr engine = physics::RequestEngine3d<Features>::From(plugin);
  if (!engine)
  {
    std::string missing;
    for (const auto &feature :
         physics::RequestEngine3d<Features>::MissingFeatureNames(plugin))
    {
      missing += " " + feature;
    }
    throw Error("engine " + _name + " lacks features:" + missing);
  }
  return engine;
}

struct SceneModel
{
  const sdf::Model *sdf = nullptr;
  ModelPtr model;
  std::map<std::string, LinkPtr> links;
  std::map<std::string, JointPtr> joints;
};

struct Scene
{
  WorldPtr world;
  std::map<std::string, SceneModel> models;
};

// Model shell: name, flags and the resolved world pose, without links.
sdf::Model ModelShell(const sdf::Model &_model)
{
  ignition::math::Pose3d worldPose;
  if (!_model.SemanticPose().Resolve(worldPose).empty())
    throw Error("cannot resolve the pose of model " + _model.Name());

  sdf::Model shell;
  shell.SetName(_model.Name());
  shell.SetStatic(_model.Static());
  shell.SetSelfCollide(_model.SelfCollide());
  shell.SetRawPose(worldPose);
  if (const sdf::Link *canonical = _model.CanonicalLink())
    shell.SetCanonicalLinkName(canonical->Name());
  return shell;
}

std::string JointTypeName(sdf::JointType _type)
{
  switch (_type)
  {
    case sdf::JointType::FIXED: return "fixed";
    case sdf::JointType::REVOLUTE: return "revolute";
    case sdf::JointType::PRISMATIC: return "prismatic";
    case sdf::JointType::CONTINUOUS: return "continuous";
    case sdf::JointType::BALL: return "ball";
    case sdf::JointType::UNIVERSAL: return "universal";
    case sdf::JointType::SCREW: return "screw";
    case sdf::JointType::REVOLUTE2: return "revolute2";
    case sdf::JointType::GEARBOX: return "gearbox";
    default: return "type " + std::to_string(static_cast<int>(_type));
  }
}

SceneModel BuildModel(WorldPtr &_world, const sdf::Model &_sdf,
                      const std::string &_engine)
{
  if (_sdf.ModelCount() > 0)
    throw Error("nested models are not supported (model " + _sdf.Name() + ")");

  SceneModel built;
  built.sdf = &_sdf;
  built.model = _world->ConstructModel(ModelShell(_sdf));
  if (!built.model)
    throw Error(_engine + " cannot construct model " + _sdf.Name());

  for (std::size_t i = 0; i < _sdf.LinkCount(); ++i)
  {
    const sdf::Link &link = *_sdf.LinkByIndex(i);
    LinkPtr ptr = built.model->ConstructLink(link);
    if (!ptr)
      throw Error(_engine + " cannot construct link " + link.Name() +
                  " of model " + _sdf.Name());
    built.links[link.Name()] = ptr;
  }

  for (std::size_t i = 0; i < _sdf.JointCount(); ++i)
  {
    const sdf::Joint &joint = *_sdf.JointByIndex(i);
    JointPtr ptr = built.model->ConstructJoint(joint);
    if (!ptr)
      throw Error(_engine + " cannot construct joint " + joint.Name() + " (" +
                  JointTypeName(joint.Type()) + ") of model " + _sdf.Name());
    built.joints[joint.Name()] = ptr;
  }
  return built;
}

Scene BuildScene(EnginePtr &_engine, const sdf::World &_sdf,
                 const std::string &_engineName)
{
  sdf::World shell;
  shell.SetName(_sdf.Name());
  shell.SetGravity(_sdf.Gravity());

  Scene scene;
  scene.world = _engine->ConstructWorld(shell);
  if (!scene.world)
    throw Error(_engineName + " cannot construct world " + _sdf.Name());

  for (std::size_t i = 0; i < _sdf.ModelCount(); ++i)
  {
    const sdf::Model &model = *_sdf.ModelByIndex(i);
    scene.models[model.Name()] = BuildModel(scene.world, model, _engineName);
  }
  return scene;
}

const SceneModel &FindModel(const Scene &_scene, const std::string &_name)
{
  const auto it = _scene.models.find(_name);
  if (it == _scene.models.end())
    throw Error("model " + _name + " not found in the world");
  return it->second;
}

LinkPtr CanonicalLink(const SceneModel &_model)
{
  const sdf::Link *canonical = _model.sdf->CanonicalLink();
  if (!canonical)
    throw Error("model " + _model.sdf->Name() + " has no canonical link");
  return _model.links.at(canonical->Name());
}

// ---------------------------------------------------------------------------
// Joint control

struct ControlledJoint
{
  std::string name;
  JointPtr joint;
  double maxVelocity;   // [rad/s or m/s], for position mode
  bool active = false;
  Mode mode = Mode::kVelocity;
  double value = 0.0;
};

double MaxVelocity(const sdf::Joint &_joint)
{
  const sdf::JointAxis *axis = _joint.Axis(0);
  if (axis && axis->MaxVelocity() > 0.0 && std::isfinite(axis->MaxVelocity()))
    return axis->MaxVelocity();
  return kDefaultMaxVelocity;
}

// Every non-fixed joint of the model, in SDF order.
std::vector<ControlledJoint> ModelJoints(const SceneModel &_model)
{
  std::vector<ControlledJoint> joints;
  for (std::size_t i = 0; i < _model.sdf->JointCount(); ++i)
  {
    const sdf::Joint &joint = *_model.sdf->JointByIndex(i);
    if (joint.Type() == sdf::JointType::FIXED)
      continue;
    joints.push_back(
        {joint.Name(), _model.joints.at(joint.Name()), MaxVelocity(joint)});
  }
  return joints;
}

// Index into _joints for each command, checked against the model.
std::vector<std::size_t> CommandTargets(
    const std::vector<Command> &_commands,
    const std::vector<ControlledJoint> &_joints, const std::string &_model)
{
  std::vector<std::size_t> targets;
  for (const auto &cmd : _commands)
  {
    const auto it = std::find_if(_joints.begin(), _joints.end(),
        [&](const ControlledJoint &_j) { return _j.name == cmd.joint; });
    if (it == _joints.end())
      throw Error("joint " + cmd.joint + " not found in model " + _model +
                  " (or it is fixed)");
    targets.push_back(static_cast<std::size_t>(it - _joints.begin()));
  }
  return targets;
}

void ApplyControl(std::vector<ControlledJoint> &_joints)
{
  for (auto &j : _joints)
  {
    if (!j.active)
      continue;
    double velocity = j.value;
    if (j.mode == Mode::kPosition)
    {
      const double error = j.value - j.joint->GetPosition(0);
      velocity = std::clamp(kPositionGain * error, -j.maxVelocity,
                            j.maxVelocity);
    }
    j.joint->SetVelocityCommand(0, velocity);
  }
}

// ---------------------------------------------------------------------------
// CSV log

struct Tracked
{
  std::string name;
  LinkPtr link;
};

class CsvLog
{
  public: CsvLog(const std::string &_path) : out(_path)
  {
    if (!this->out)
      throw Error("cannot write " + _path);
    this->out.precision(9);
  }

  public: void Header(const std::vector<ControlledJoint> &_joints,
                      const std::vector<Tracked> &_tracked)
  {
    this->out << "t,x,y,z,roll,pitch,yaw";
    for (const auto &j : _joints)
      this->out << ',' << j.name;
    for (const auto &t : _tracked)
      this->out << ',' << t.name << "_x," << t.name << "_y," << t.name << "_z";
    this->out << '\n';
  }

  // _base: canonical link of the controlled model; all poses in the world.
  public: void Row(double _time, const LinkPtr &_base,
                   const std::vector<ControlledJoint> &_joints,
                   const std::vector<Tracked> &_tracked)
  {
    const ignition::math::Pose3d base = WorldPose(_base);
    this->out << _time << ',' << base.Pos().X() << ',' << base.Pos().Y() << ','
              << base.Pos().Z() << ',' << base.Rot().Roll() << ','
              << base.Rot().Pitch() << ',' << base.Rot().Yaw();
    for (const auto &j : _joints)
      this->out << ',' << j.joint->GetPosition(0);
    for (const auto &t : _tracked)
    {
      const ignition::math::Vector3d p = WorldPose(t.link).Pos();
      this->out << ',' << p.X() << ',' << p.Y() << ',' << p.Z();
    }
    this->out << '\n';
  }

  public: void Close()
  {
    this->out.close();
    if (!this->out)
      throw Error("error while writing the CSV file");
  }

  private: static ignition::math::Pose3d WorldPose(const LinkPtr &_link)
  {
    return ignition::math::eigen3::convert(
        _link->FrameDataRelativeToWorld().pose);
  }

  private: std::ofstream out;
};

// ---------------------------------------------------------------------------
// Simulation

double Duration(const Options &_opt, const std::vector<Command> &_commands)
{
  if (_opt.duration >= 0.0)
    return _opt.duration;
  return (_commands.empty() ? 0.0 : _commands.back().time) + 1.0;
}

void Step(WorldPtr &_world, double _dt)
{
  physics::ForwardStep::Input input;
  physics::ForwardStep::State state;
  physics::ForwardStep::Output output;
  input.Get<std::chrono::steady_clock::duration>() =
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(_dt));
  _world->Step(output, state, input);
}

int Run(const Options &_opt)
{
  const std::vector<Command> commands = ReadCommands(_opt.commands);

  sdf::Root root;
  LoadSdf(_opt, root);
  const sdf::World &sdfWorld = *root.WorldByIndex(0);

  ignition::plugin::Loader loader;
  EnginePtr engine = LoadEngine(_opt.engine, loader);
  Scene scene = BuildScene(engine, sdfWorld, _opt.engine);

  const SceneModel &robot = FindModel(scene, _opt.model);
  const LinkPtr base = CanonicalLink(robot);
  std::vector<ControlledJoint> joints = ModelJoints(robot);
  const std::vector<std::size_t> targets =
      CommandTargets(commands, joints, _opt.model);

  std::vector<Tracked> tracked;
  for (const auto &name : _opt.tracked)
    tracked.push_back({name, CanonicalLink(FindModel(scene, name))});

  CsvLog log(_opt.out);
  log.Header(joints, tracked);

  const long steps = std::lround(Duration(_opt, commands) / _opt.dt);
  const long stepsPerLog = std::lround(_opt.logPeriod / _opt.dt);
  std::size_t next = 0;

  const auto wallStart = std::chrono::steady_clock::now();
  for (long i = 0; ; ++i)
  {
    const double time = static_cast<double>(i) * _opt.dt;   // [s]
    if (i % stepsPerLog == 0)
      log.Row(time, base, joints, tracked);
    if (i == steps)
      break;

    for (; next < commands.size() &&
           commands[next].time <= time + kTimeTolerance; ++next)
    {
      ControlledJoint &j = joints[targets[next]];
      j.active = true;
      j.mode = commands[next].mode;
      j.value = commands[next].value;
    }
    ApplyControl(joints);
    Step(scene.world, _opt.dt);
  }
  const std::chrono::duration<double> wall =
      std::chrono::steady_clock::now() - wallStart;
  log.Close();

  std::printf("ok %s steps=%ld wall_s=%.3f\n", _opt.engine.c_str(), steps,
              wall.count());
  return 0;
}

}  // namespace

int main(int _argc, char **_argv)
{
  if (_argc == 2 && (std::string(_argv[1]) == "--help" ||
                     std::string(_argv[1]) == "-h"))
  {
    std::cout << kUsage << '\n';
    return 0;
  }

  try
  {
    return Run(ParseOptions(_argc, _argv));
  }
  catch (const std::exception &_e)
  {
    std::cerr << "twin_physics: error: " << OneLine(_e.what()) << std::endl;
    return kExitError;
  }
}
