"""`lam`: run the agent graph, run the demo task, look at a scenario.

    lam run  [--graph sim] [--seed N]         bring a graph up until Ctrl-C or a node dies
    lam demo [--family F] [--seed N]          sim + agent doing one task; exit 0 on success (--actor learned)
    lam record BAG                            record the contract topics into a rosbag2 (also: run/demo --record BAG)
    lam replay BAG [--rate X]                 replay a bag's sensors into the agent, diff its outputs (exit 0: same)
    lam sim  --family F --seed N [--out PNG]  save a picture of a scenario
    lam bench sim                             simulator speed, topic rates, reset time
    lam bench perception                      accuracy per look and detector, per-frame cost, live latency/drops/CPU
    lam bench agent [--families goto,pick]    success per family/split with CIs, latency, plots, episode bags
    lam bench replay                          record a 60 s episode, replay it in lockstep: speed and diff
    lam bench safety                          stop latencies, control jitter, shield cost, violations
    lam bench model  (or: lam eval)           learned vs scripted actor on held-out episodes, paraphrases, timing
    lam train                                 collect expert demonstrations, train the policy, write its weights
    lam train-perception                      render labelled frames, train the learned detector, write its weights
    lam robot export                          regenerate robot files from sim/lam_robot/robot.yaml
    lam plan "GOAL" [--scene F/S/N]           the plan, answer or refusal for a goal, as JSON; nothing moves
    lam ask "QUESTION" [--scene F/S/N]        a question about what the robot sees (a running graph's /lam/ask)
    lam bench language                        goal understanding on the labelled goal set: ratios per category
    lam bench chaos [--episodes N]            faults mid-drive (kills, freezes, streams, e-stop, recorder), fuzzing
    lam bench twin [--engines dartsim]        the same commands in MuJoCo and in Gazebo's physics (DART)
    lam bench grammar                         the hf planner's constrained decoding: cost per token and plan
    lam bench remote [--episodes 2]           the policy served over loopback against in process; a slow server; a dead one
    lam bench voice [--utterances 80]         spoken goals, the spoken stop and false stops on held-out voices
    lam train-keyword                         synthesise speech, train the stop/halt keyword spotter, write its weights
    lam train-speech                          synthesise speech, train the learned speech recogniser, write its weights
    lam serve-policy [--port 8766]            serve the policy over WebSocket with action chunks (actor: remote)
    lam goal "GOAL" | cancel | estop on|off | status [--json]   operate a running graph (lam_bringup.operator)
    lam say "robot, go to the red box"        speak into the simulator's microphone (lam run --voice)
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

from lam_bringup import console, operator, view
from lam_core.appearance import HELDOUT_LOOKS, LOOKS
from lam_core.errors import LamError
from lam_core.harness.pipeline_follower import FOLLOW_AGENT_WAIT_S
from lam_core.paths import config_file, dds_environment
from lam_core.scenarios import FAMILIES, SPLITS, SuccessMonitor, distance_to_object_m, make_scenario
from lam_tools.bags import STORAGES
from lam_tools.graph import GraphSpec, NodeSpec, load_graph, merge_params, with_voice
from lam_tools.runner import GraphRunner, install_signal_handlers

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
# Wall time the demo waits after the goal for the ground-truth judge (pick holds 2 s sim time).
DEMO_JUDGE_S = 10.0


def _node_overrides(args: argparse.Namespace) -> dict[str, dict[str, str]]:
    params: dict[str, str] = {}
    if getattr(args, "seed", None) is not None:
        params["seed"] = str(args.seed)
    if getattr(args, "split", None):
        params["split"] = args.split
    if getattr(args, "lockstep", False):
        params["realtime"] = "false"
        params["follow_agent_wait_s"] = str(FOLLOW_AGENT_WAIT_S)
    if getattr(args, "family", None):
        params["family"] = args.family
    if getattr(args, "look", None):
        params["look"] = args.look
    if getattr(args, "color", None) is not None:
        params["target_color"] = args.color
    overrides = {"sim_node": params} if params else {}
    planner = {key: str(getattr(args, key)) for key in ("actor", "task_planner") if getattr(args, key, None)}
    if planner:
        overrides["planner_node"] = planner
    return overrides


def _with_recorder(graph: GraphSpec, args: argparse.Namespace) -> tuple[GraphSpec, dict[str, dict[str, str]]]:
    """The graph plus recorder_node when --record BAG was given, and the recorder's parameters."""
    bag = getattr(args, "record", None)
    if not bag:
        return graph, {}
    if Path(bag).exists():
        raise LamError(f"{bag} already exists; choose a new bag folder")
    recorder = NodeSpec("lam_recorder", "recorder_node", (config_file("recorder_node.yaml"),))
    params = {"output_path": str(Path(bag).resolve())}
    if getattr(args, "storage", None):
        params["storage"] = args.storage
    return replace(graph, nodes=(*graph.nodes, recorder)), {"recorder_node": params}


def _with_console(graph: GraphSpec, params: dict[str, dict[str, str]],
                  args: argparse.Namespace) -> tuple[GraphSpec, dict[str, dict[str, str]]]:
    """The graph plus console_node when --console was given (its port from --console PORT)."""
    port = getattr(args, "console", None)
    if port is None:
        return graph, params
    from lam_bringup.console import console_node_spec

    return replace(graph, nodes=(*graph.nodes, console_node_spec())), {**params, "console_node": {"port": str(port)}}


def _with_voice(graph: GraphSpec, params: dict[str, dict[str, str]],
                args: argparse.Namespace) -> tuple[GraphSpec, dict[str, dict[str, str]]]:
    """The graph plus speech_node when --voice was given, with the simulator's microphone on."""
    if not getattr(args, "voice", False):
        return graph, params
    voiced, overrides = with_voice(graph)
    return voiced, merge_params(params, overrides)


def _add_voice_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--voice", action="store_true",
                        help="also run speech_node (spoken goals, a spoken stop, spoken answers) and switch the "
                             "simulator's microphone on; speak with `lam say \"robot, go to the red box\"`")


def _add_console_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--console", metavar="PORT", type=int, nargs="?", const=8080, default=None,
                        help="also serve the operator web page on http://127.0.0.1:PORT (default 8080; "
                             "config/console_node.yaml)")


def cmd_run(args: argparse.Namespace) -> int:
    graph, record_params = _with_voice(*_with_console(*_with_recorder(load_graph(args.graph), args), args), args)
    stop = threading.Event()
    install_signal_handlers(stop)
    runner = GraphRunner(graph, extra_params=merge_params(_node_overrides(args), record_params), namespace=args.namespace)
    print(f"[runner] starting graph '{graph.name}' in namespace {runner.namespace}: "
          f"{', '.join(n.name for n in graph.nodes)} (Ctrl-C to stop)", flush=True)
    runner.start()
    code = runner.wait(stop)
    codes = runner.shutdown()
    print(f"[runner] stopped: {', '.join(f'{k}={v}' for k, v in codes.items())}", flush=True)
    if code == 0 and any(rc != 0 for rc in codes.values()):
        code = EXIT_FAIL  # a node did not stop cleanly when asked
    return code


def cmd_demo(args: argparse.Namespace) -> int:
    from lam_bringup.goal_client import GoalClient  # rclpy: only when needed

    graph, record_params = _with_voice(*_with_console(*_with_recorder(load_graph("sim"), args), args), args)
    stop = threading.Event()
    install_signal_handlers(stop)
    scenario = make_scenario(args.family, args.split, args.seed, args.color or None, args.look or "default")
    goal = args.goal or scenario.goal
    target = scenario.target
    wall0 = time.monotonic()
    runner = GraphRunner(graph, extra_params=merge_params(_node_overrides(args), record_params), quiet=args.quiet)
    print(f"[demo] scenario {scenario.key}: goal '{goal}'", flush=True)
    runner.start()
    alive = lambda: not stop.is_set() and not runner.dead_nodes()  # noqa: E731
    code = EXIT_FAIL
    try:
        with GoalClient("lam_demo", monitor=SuccessMonitor(scenario)) as client:
            if not client.wait_ready(args.startup_timeout, alive):
                print("[demo] RESULT success=False reason='graph did not come up' "
                      f"wall_time={time.monotonic() - wall0:.1f}s", flush=True)
                return EXIT_INTERRUPTED if stop.is_set() else EXIT_FAIL
            last_print = [0.0]

            def progress(fb, truth) -> None:  # type: ignore[no-untyped-def]
                now = time.monotonic()
                if now - last_print[0] < 1.0:
                    return
                last_print[0] = now
                step = fb.plan.steps[fb.current_step] if fb.plan.steps else None
                true_d = distance_to_object_m(truth, target) if truth and any(o.name == target for o in truth.objects) else math.nan
                sim_t = truth.stamp_ns * 1e-9 if truth else math.nan
                print(
                    f"[demo] t_sim={sim_t:6.1f}s step {fb.current_step + 1}/{len(fb.plan.steps)} "
                    f"{step.skill if step else '-'}({step.target if step else ''}): {fb.status}; "
                    f"seen: {fb.distance_to_target_m:.2f} m to its centre; true: {true_d:.2f} m to its nearest face",
                    flush=True,
                )

            out = client.run_goal(goal, args.timeout, alive, progress)
            judged = client.wait_judged(DEMO_JUDGE_S, alive) if out.success else False
            truth = client.truth
            success = out.success and judged
            sim_time = (out.sim_end_ns - out.sim_start_ns) * 1e-9 if out.sim_end_ns >= 0 else math.nan
            true_d = distance_to_object_m(truth, target) if truth else math.nan
            print(
                f"[demo] RESULT success={success} reason='{out.reason}' sim_time={sim_time:.1f}s "
                f"wall_time={time.monotonic() - wall0:.1f}s true_distance_to_face={true_d:.2f}m "
                f"collisions={truth.collisions if truth else -1} interventions={out.safety_interventions} "
                f"judged={'success' if judged else client.monitor_failure or 'not achieved'}",
                flush=True,
            )
            code = EXIT_OK if success else (EXIT_INTERRUPTED if stop.is_set() else EXIT_FAIL)
    finally:
        runner.shutdown()
    return code


def cmd_record(args: argparse.Namespace) -> int:
    """Record the contract topics of whatever runs (a robot, Gazebo, another lam run) until Ctrl-C."""
    graph = GraphSpec("record", "recorder alone", args.sim_time, ())
    graph, params = _with_recorder(graph, args)
    stop = threading.Event()
    install_signal_handlers(stop)
    runner = GraphRunner(graph, extra_params=params)
    runner.start()
    code = runner.wait(stop)
    runner.shutdown()
    return EXIT_OK if stop.is_set() and code == 0 else EXIT_FAIL


def cmd_replay(args: argparse.Namespace) -> int:
    from lam_bringup.replay import compare_bags, print_report, run_replay

    bag = Path(args.bag)
    if args.compare:
        report = compare_bags(bag, Path(args.compare))
        print_report(report)
        return EXIT_OK if report["diff_ok"] else EXIT_FAIL
    out = Path(args.out) if args.out else Path("results") / f"replay_{bag.name}_{time.strftime('%Y%m%d_%H%M%S')}"
    report = run_replay(bag, out, lockstep=args.rate is None, rate=args.rate or 1.0, quiet=not args.verbose)
    print_report(report)
    return EXIT_OK if report["diff_ok"] else EXIT_FAIL


def _add_record_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--record", metavar="BAG", default=None, help="also record a rosbag2 into this new folder")
    parser.add_argument("--storage", choices=STORAGES, default=None, help="bag storage (default: mcap)")


def _add_agent_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--actor", choices=["scripted", "learned", "remote"], default=None,
                        help="observation -> action (default: planner_node.yaml, learned; remote: the policy server at "
                             "planner_node.yaml's policy_server_url, see lam serve-policy)")
    parser.add_argument("--task-planner", dest="task_planner", choices=["language", "rules", "hf", "http"], default=None,
                        help="goal -> plan (default: planner_node.yaml, language)")


def cmd_sim(args: argparse.Namespace) -> int:
    import numpy as np

    from lam_core.sim.render import overview_image
    from lam_core.sim.world import SimWorld

    scenario = make_scenario(args.family, args.split, args.seed, look=args.look)
    world = SimWorld(scenario)
    try:
        world.step(10)
        image = overview_image(world)
    finally:
        world.close()
    out = Path(args.out or f"results/sim_{args.family}_{args.split}_{args.seed}.png")
    out.parent.mkdir(parents=True, exist_ok=True)
    import cv2

    cv2.imwrite(str(out), cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_RGB2BGR))
    print(f"scenario {scenario.key}: goal '{scenario.goal}'")
    for obj in scenario.objects:
        print(f"  {obj.name:12s} at ({obj.position_m[0]:+.2f}, {obj.position_m[1]:+.2f}) m")
    print(f"saved {out}")
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    if args.area == "sim":
        from lam_bringup import bench_sim

        return bench_sim.main(args.seconds or 10.0)
    if args.area == "perception":
        from lam_bringup import bench_perception

        return bench_perception.main(seeds=args.seeds, seconds=args.seconds or 10.0,
                                     looks=tuple(args.looks.split(",")) if args.looks else ("default", *HELDOUT_LOOKS),
                                     detectors=tuple(args.detectors.split(",")), out=Path(args.out) if args.out else None,
                                     live=not args.no_live, first_seed=args.seed)
    if args.area == "agent":
        from lam_bringup import bench_agent

        planner = _node_overrides(args).get("planner_node", {})
        if args.policy:
            planner["policy_dir"] = str(Path(args.policy).resolve())
        return bench_agent.main((args.families or "goto").split(","), args.splits.split(","), args.episodes or 10, args.jobs,
                                Path(args.out) if args.out else None, not args.no_bags, args.realtime, planner,
                                Path(args.goals) if args.goals else None,
                                args.levers.split(",") if args.levers else None, args.lever_rounds, args.ray)
    if args.area == "replay":
        from lam_bringup import bench_replay

        return bench_replay.main(seconds=args.seconds or 60.0)
    if args.area == "safety":
        from lam_bringup import bench_safety

        return bench_safety.main()
    if args.area == "chaos":
        from lam_bringup import bench_chaos

        return bench_chaos.main(args.episodes or 10, args.seed, args.fuzz_messages)
    if args.area == "language":
        from lam_bringup import bench_language

        return bench_language.main(Path(args.goals) if args.goals else None, args.task_planner, args.out)
    if args.area == "model":
        from lam_bringup import bench_model

        return bench_model.main(args.episodes or 10, (args.families or ",".join(bench_model.FAMILIES)).split(","),
                                Path(args.policy) if args.policy else None, args.jobs_model, Path(args.out) if args.out else None,
                                tuple(args.looks.split(",")) if getattr(args, "looks", None) else (),
                                getattr(args, "detector", None) or "", getattr(args, "ray", None),
                                getattr(args, "ray_compare", False))
    if args.area == "twin":
        from lam_bringup import bench_twin

        return bench_twin.main(args.engines.split(","), Path(args.out) if args.out else None)
    if args.area == "remote":
        from lam_bringup import bench_remote

        return bench_remote.main(args.episodes or 2,
                                 (args.families or ",".join(bench_remote.FAMILIES)).split(","),
                                 Path(args.policy) if args.policy else None)
    if args.area == "voice":
        from lam_bringup import bench_voice

        return bench_voice.main(goals_per_snr=args.utterances, stops_per_snr=args.utterances, seed=args.seed,
                                conversation_s=args.listen_minutes * 60.0, noise_s=args.listen_minutes * 60.0,
                                out=args.out, recognizer_kind=args.recognizer,
                                min_confidence=args.min_confidence)
    if args.area == "grammar":
        from lam_bringup import bench_grammar

        return bench_grammar.main()
    raise LamError(f"unknown benchmark area {args.area!r}")


def cmd_train(args: argparse.Namespace) -> int:
    from lam_bringup import train

    return train.main(train.TrainOptions(
        per_family=args.episodes, epochs=args.epochs, jobs=args.jobs, out_dir=Path(args.out) if args.out else None,
        data_path=Path(args.data) if args.data else None, reuse_data=args.reuse_data, seed=args.seed,
        dagger_rounds=args.dagger_rounds, dagger_episodes=args.dagger_episodes, dagger_epochs=args.dagger_epochs,
        image_encoder=args.image_encoder, init_dir=Path(args.init) if args.init else None,
        dagger_families=tuple(args.dagger_families.split(",")) if args.dagger_families else None,
        dagger_first_seed=args.dagger_first_seed, twist_bins=args.twist_bins, record_bags=not args.no_demo_bags,
        from_bags=Path(args.from_bags) if args.from_bags else None,
        looks=tuple(args.looks.split(",")), detector=args.detector or "", device=args.device,
        mixed_precision=args.mixed_precision, resume=args.resume, ray_address=args.ray,
    ))


def _trainer_options(args: argparse.Namespace) -> list[str]:
    """The options after ``lam train-keyword`` or ``lam train-speech``, without the ``--`` that
    separates them (argparse keeps it in a REMAINDER)."""
    options = list(args.options)
    return options[1:] if options[:1] == ["--"] else options


def cmd_train_keyword(args: argparse.Namespace) -> int:
    from lam_bringup import train_keyword

    return train_keyword.main(_trainer_options(args))


def cmd_train_speech(args: argparse.Namespace) -> int:
    from lam_bringup import train_speech

    return train_speech.main(_trainer_options(args))


def cmd_train_perception(args: argparse.Namespace) -> int:
    from lam_bringup import train_perception

    return train_perception.main(train_perception.PerceptionTrainOptions(
        scenes=args.scenes, views=args.views, val_scenes=args.val_scenes, epochs=args.epochs, seed=args.seed,
        out=Path(args.out) if args.out else None, data=Path(args.data) if args.data else None,
    ), reuse_data=args.reuse_data)


def cmd_plan(args: argparse.Namespace) -> int:
    from lam_bringup import language_cli

    return language_cli.cmd_plan(args.goal, args.scene)


def cmd_ask(args: argparse.Namespace) -> int:
    from lam_bringup import language_cli

    return language_cli.cmd_ask(args.question, args.scene)


def cmd_serve_policy(args: argparse.Namespace) -> int:
    from lam_core.datatypes import EMPTY_SCAN_SUMMARY, Observation
    from lam_core.devices import torch_device
    from lam_core.paths import project_root
    from lam_core.policy.chunking import load_local_policy
    from lam_core.policy.remote import PolicyServer

    policy_dir = Path(args.policy) if args.policy else project_root() / "models" / "policy"
    policy = load_local_policy(policy_dir, args.chunk_length, args.chunk_period, device=torch_device(args.device))
    server = PolicyServer(policy, str(policy_dir), args.host, args.port, args.delay_ms * 1e-3)
    server.warm_up(Observation(0, (), (), EMPTY_SCAN_SUMMARY, None, math.nan, None, None))
    print(f"[serve-policy] {policy_dir} on {server.url} ({args.device}): chunks of {args.chunk_length} twists "
          f"{args.chunk_period:g} s apart; Ctrl-C stops", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.close()
    return EXIT_OK


def cmd_robot_export(args: argparse.Namespace) -> int:
    from lam_tools.exporters.export import export_all

    for path in export_all():
        print(f"wrote {path}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lam", description="LAM agent: a Large Action Model robot agent on ROS 2")
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="bring up a graph of nodes (no ros2 launch needed)")
    p_run.add_argument("--graph", default="sim", help="graph name in config/graph.yaml (default: sim)")
    p_run.add_argument("--seed", type=int, default=None, help="scenario seed for the simulator")
    p_run.add_argument("--split", choices=SPLITS, default=None)
    p_run.add_argument("--look", choices=LOOKS, default=None, help="appearance of the scene (default: sim_node.yaml)")
    p_run.add_argument("--lockstep", action="store_true",
                       help="simulate in lockstep with the agent: each step waits until the agent consumed the last one")
    p_run.add_argument("--namespace", default="/",
                       help="ROS namespace of every node (e.g. /robot1): its topics resolve under it (default: /)")
    _add_record_options(p_run)
    _add_agent_options(p_run)
    _add_console_option(p_run)
    _add_voice_option(p_run)
    p_run.set_defaults(func=cmd_run)
    p_demo = sub.add_parser("demo", help="the main job: the simulator and the agent doing a task")
    p_demo.add_argument("--goal", default=None, help="instruction (default: the scenario's own goal)")
    p_demo.add_argument("--family", choices=FAMILIES, default="goto")
    p_demo.add_argument("--color", default="red", help="target colour ('' keeps the seed's choice)")
    p_demo.add_argument("--seed", type=int, default=0)
    p_demo.add_argument("--split", choices=SPLITS, default="train")
    p_demo.add_argument("--look", choices=LOOKS, default=None,
                        help="appearance: lights, surfaces, camera pipeline, distractors (default: sim_node.yaml)")
    p_demo.add_argument("--timeout", type=float, default=120.0, help="wall-clock limit for the task [s]")
    p_demo.add_argument("--startup-timeout", type=float, default=60.0, help="wall-clock limit for start-up [s]")
    p_demo.add_argument("--quiet", action="store_true", help="hide the nodes' own log lines")
    p_demo.add_argument("--lockstep", action="store_true",
                        help="simulate in lockstep with the agent: each step waits until the agent consumed the last one "
                             "(every camera frame is processed, as a replay does; make bless records so)")
    _add_record_options(p_demo)
    _add_agent_options(p_demo)
    _add_console_option(p_demo)
    _add_voice_option(p_demo)
    p_demo.set_defaults(func=cmd_demo)
    p_record = sub.add_parser("record", help="record the contract topics into a rosbag2 until Ctrl-C")
    p_record.add_argument("record", metavar="BAG", help="new bag folder")
    p_record.add_argument("--storage", choices=STORAGES, default=None, help="bag storage (default: mcap)")
    p_record.add_argument("--sim-time", action="store_true", help="stamp messages with /clock time")
    p_record.set_defaults(func=cmd_record)
    p_replay = sub.add_parser("replay", help="replay a bag's sensors into the agent and compare its outputs; exit 0 if the same")
    p_replay.add_argument("bag", help="bag folder (MCAP or sqlite3)")
    p_replay.add_argument("--rate", type=float, default=None, help="pace at this factor of recorded speed (default: lockstep)")
    p_replay.add_argument("--out", default=None, help="results folder to create (default results/replay_<bag>_<time>)")
    p_replay.add_argument("--verbose", action="store_true", help="show the nodes' own log lines")
    p_replay.add_argument("--compare", metavar="REPLAY_BAG", default=None,
                          help="only compare BAG with outputs recorded elsewhere (launch/replay.launch.py)")
    p_replay.set_defaults(func=cmd_replay)
    p_sim = sub.add_parser("sim", help="save an overview picture of a scenario")
    p_sim.add_argument("--family", choices=FAMILIES, default="goto")
    p_sim.add_argument("--split", choices=SPLITS, default="train")
    p_sim.add_argument("--seed", type=int, default=0)
    p_sim.add_argument("--look", choices=LOOKS, default="default", help="appearance of the scene")
    p_sim.add_argument("--out", default=None, help="PNG path (default results/sim_<family>_<split>_<seed>.png)")
    p_sim.set_defaults(func=cmd_sim)
    p_bench = sub.add_parser("bench", help="benchmarks: a readable summary, then one JSON line")
    p_bench.add_argument("area", choices=["sim", "perception", "safety", "replay", "agent", "model", "language", "chaos", "twin",
                                                "grammar", "remote", "voice"])
    p_bench.add_argument("--engines", default="dartsim", help="twin: Gazebo physics engines to run beside MuJoCo "
                         "(dartsim, bullet)")
    p_bench.add_argument("--fuzz-messages", dest="fuzz_messages", type=int, default=10_000,
                         help="chaos: hostile messages in the fuzz phase")
    p_bench.add_argument("--goals", default=None, help="language: the labelled goal set (default data/language/goals.yaml); "
                         "agent: run --episodes phrasings from that set in held-out scenarios, beside the scenarios' own goals")
    p_bench.add_argument("--policy", default=None, help="model, agent: policy folder (default models/policy)")
    p_bench.add_argument("--model-jobs", dest="jobs_model", type=int, default=2, help="model: parallel lockstep workers")
    p_bench.add_argument("--ray", nargs="?", const="local", default=None, metavar="ADDRESS",
                         help="model, agent: run the episodes as Ray tasks (no address: a Ray started here; or a "
                              "cluster's); agent: each task is a worker with its own graph and DDS domain")
    p_bench.add_argument("--ray-compare", dest="ray_compare", action="store_true",
                         help="model, with --ray: also run the same episodes on the process pool and compare")
    p_bench.add_argument("--families", default=None, help="agent, model: comma-separated scenario families "
                         "(agent: goto; model: goto,pick,place,find,avoid)")
    p_bench.add_argument("--splits", default="train,heldout", help="agent: comma-separated splits")
    p_bench.add_argument("--looks", default=None,
                         help="perception: comma-separated looks of the held-out scenes (lam_core.appearance; default "
                         "default,light,texture,clutter); model: also run the learned actor under these looks")
    p_bench.add_argument("--detectors", default="color,learned", help="perception: detectors compared on the same frames")
    p_bench.add_argument("--detector", default=None, help="model: camera detector for every episode (color, learned)")
    p_bench.add_argument("--seeds", type=int, default=20, help="perception: held-out scenes per family and look")
    p_bench.add_argument("--no-live", dest="no_live", action="store_true", help="perception: accuracy only")
    p_bench.add_argument("--episodes", type=int, default=None,
                         help="agent, model: episodes per family (and split) (default 10); chaos: episodes (default 10); "
                              "remote: held-out episodes per family (default 2)")
    p_bench.add_argument("--seed", type=int, default=0, help="chaos: draws of faults and their moments; voice: "
                         "voices, noise and goals drawn; perception: the first held-out scene seed")
    p_bench.add_argument("--utterances", type=int, default=80, help="voice: spoken goals and spoken stops per SNR")
    p_bench.add_argument("--recognizer", default="", help="voice: learned, sphinx or whisper (default: "
                         "config/speech_node.yaml's)")
    p_bench.add_argument("--min-confidence", dest="min_confidence", type=float, default=None,
                         help="voice: the confidence gate (default: config/speech_node.yaml's, chosen for its recogniser)")
    p_bench.add_argument("--listen-minutes", dest="listen_minutes", type=float, default=10.0,
                         help="voice: minutes of conversation, and of room noise, listened to for false stops")
    p_bench.add_argument("--jobs", type=int, default=1, help="agent: parallel workers (graphs), each on its own ROS_DOMAIN_ID")
    p_bench.add_argument("--out", default=None, help="agent, perception: results folder (default results/bench_<area>_<time>)")
    p_bench.add_argument("--no-bags", action="store_true", help="agent: do not record episode bags")
    p_bench.add_argument("--levers", default=None,
                         help="agent: the same episodes once per lever, side by side (comma-separated: shipped, "
                              "publish_on_command, no_state_publisher, hue_detector, no_low_obstacles, clock_50hz: /clock at the "
                              "control rate, watched: the console and lam view running, a client on each)")
    p_bench.add_argument("--lever-rounds", type=int, default=1,
                         help="agent: interleave the levers in this many blocks of episodes (A B, B A, ...), so that "
                              "a machine whose speed drifts weighs on each lever alike (default 1)")
    p_bench.add_argument("--realtime", action="store_true",
                         help="agent: pace the simulator by the wall clock (default: lockstep with the agent)")
    _add_agent_options(p_bench)
    p_bench.add_argument("--seconds", type=float, default=None,
                         help="sim/perception: wall time per phase (10); replay: sim time recorded (60) [s]")
    p_bench.set_defaults(func=cmd_bench)
    p_eval = sub.add_parser("eval", help="same as `lam bench model`")
    p_eval.add_argument("--episodes", type=int, default=10, help="held-out episodes per family")
    p_eval.add_argument("--families", default=",".join(("goto", "pick", "place", "find", "avoid")))
    p_eval.add_argument("--policy", default=None, help="policy folder (default models/policy)")
    p_eval.add_argument("--jobs", dest="jobs_model", type=int, default=2, help="parallel lockstep workers")
    p_eval.add_argument("--out", default=None, help="results folder")
    p_eval.set_defaults(func=cmd_bench, area="model")
    p_train = sub.add_parser("train", help="collect expert demonstrations (train split), train the policy, write its weights")
    p_train.add_argument("--episodes", type=int, default=30, help="train-split episodes per family")
    p_train.add_argument("--epochs", type=int, default=12)
    p_train.add_argument("--jobs", type=int, default=2, help="parallel collection workers")
    p_train.add_argument("--out", default=None, help="weights folder (default models/policy)")
    p_train.add_argument("--data", default=None, help="demonstrations file (default results/train/demonstrations.npz)")
    p_train.add_argument("--reuse-data", action="store_true", help="train on the demonstrations file if it exists")
    p_train.add_argument("--seed", type=int, default=0)
    p_train.add_argument("--dagger-rounds", type=int, default=1, help="rounds where the policy drives and the expert labels")
    p_train.add_argument("--dagger-episodes", type=int, default=15, help="train-split episodes per family per DAgger round")
    p_train.add_argument("--dagger-epochs", type=int, default=6, help="training epochs after each DAgger round")
    p_train.add_argument("--image-encoder", choices=["cnn", "efficientnet_lite0"], default="cnn",
                         help="cnn (trained here) or the frozen ImageNet EfficientNet-Lite0 from its wheel")
    p_train.add_argument("--twist-bins", type=int, default=21,
                         help="bins per twist component of the policy's twist head (0: regression)")
    p_train.add_argument("--no-demo-bags", action="store_true",
                         help="do not record the demonstrations as rosbags (default: <data folder>/bags/)")
    p_train.add_argument("--from-bags", default=None, help="train on the demonstration bags under this folder")
    p_train.add_argument("--device", default="cpu", help="torch device to train on (cpu, cuda, cuda:1, mps)")
    p_train.add_argument("--ray", nargs="?", const="local", default=None, metavar="ADDRESS",
                         help="collect the episodes as Ray tasks (no address: a Ray started here; or a cluster's)")
    p_train.add_argument("--mixed-precision", dest="mixed_precision", action="store_true",
                         help="bfloat16 autocast while training (helps on GPUs and CPUs with bfloat16 units)")
    p_train.add_argument("--resume", action="store_true", help="go on from the last epoch checkpoint of a killed run "
                         "(results/train/checkpoints/fit_0; with --reuse-data, the same demonstrations)")
    p_train.add_argument("--init", default=None, help="go on training this policy folder (--epochs 0: only DAgger rounds)")
    p_train.add_argument("--dagger-families", default=None, help="comma-separated families for the DAgger rounds (default all)")
    p_train.add_argument("--dagger-first-seed", type=int, default=None, help="first train seed of the DAgger rounds "
                         "(default --episodes: after the expert's)")
    p_train.add_argument("--looks", default="default",
                         help="comma-separated looks of the collected episodes, seed s in the look s %% count "
                              "(default, randomised; e.g. default,randomised,randomised: two in three randomised)")
    p_train.add_argument("--detector", default=None, help="camera detector while collecting (color, learned; "
                         "default config/camera_node.yaml's)")
    p_train.set_defaults(func=cmd_train)
    p_tp = sub.add_parser("train-perception", help="render labelled frames (train split, randomised looks), train the "
                          "learned detector, write its weights")
    p_tp.add_argument("--scenes", type=int, default=300, help="training scenes (families in turn)")
    p_tp.add_argument("--views", type=int, default=8, help="viewpoints per scene")
    p_tp.add_argument("--val-scenes", dest="val_scenes", type=int, default=30, help="validation scenes (held-out layouts)")
    p_tp.add_argument("--epochs", type=int, default=20)
    p_tp.add_argument("--seed", type=int, default=0)
    p_tp.add_argument("--out", default=None, help="weights folder (default models/detector)")
    p_tp.add_argument("--data", default=None, help="rendered frames file (default results/train_perception/frames_*.npz)")
    p_tp.add_argument("--reuse-data", dest="reuse_data", action="store_true", help="train on the frames file if it exists")
    p_tp.set_defaults(func=cmd_train_perception)
    p_tk = sub.add_parser("train-keyword", help="synthesise speech in the training voices, train the stop/halt keyword "
                          "spotter, write models/keyword (options: lam train-keyword -- --help)")
    p_tk.add_argument("options", nargs=argparse.REMAINDER, help="options of the trainer (--out, --seed, --clips, --epochs)")
    p_tk.set_defaults(func=cmd_train_keyword)
    p_ts = sub.add_parser("train-speech", help="synthesise goal sentences in the training voices, train the learned "
                          "speech recogniser, write models/speech (options: lam train-speech -- --help)")
    p_ts.add_argument("options", nargs=argparse.REMAINDER, help="options of the trainer (--out, --seed, --clips, "
                      "--epochs, --max-minutes)")
    p_ts.set_defaults(func=cmd_train_speech)
    p_plan = sub.add_parser("plan", help="the plan, answer or refusal the agent makes of a goal (JSON); nothing moves")
    p_plan.add_argument("goal", help="the goal in plain words")
    p_plan.add_argument("--scene", default=None, help="FAMILY/SPLIT/SEED: plan on that scenario's first Observation")
    p_plan.set_defaults(func=cmd_plan)
    p_ask = sub.add_parser("ask", help="ask the agent about what it sees (a running graph's /lam/ask, or --scene)")
    p_ask.add_argument("question", help="e.g. 'which cubes can you see?'")
    p_ask.add_argument("--scene", default=None, help="FAMILY/SPLIT/SEED: answer from that scenario's first Observation")
    p_ask.set_defaults(func=cmd_ask)
    p_serve = sub.add_parser("serve-policy", help="serve the policy over WebSocket (lam-policy/1) with action chunks, for "
                                                  "actor: remote on the robot")
    p_serve.add_argument("--policy", default=None, help="policy folder (default models/policy)")
    p_serve.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every interface)")
    p_serve.add_argument("--port", type=int, default=8766, help="(lam view takes 8765)")
    p_serve.add_argument("--chunk-length", dest="chunk_length", type=int, default=10, help="twists per chunk")
    p_serve.add_argument("--chunk-period", dest="chunk_period", type=float, default=0.1, help="spacing of a chunk's twists [s]")
    p_serve.add_argument("--device", default="cpu", help="torch device of the policy (cpu, cuda, cuda:1, mps)")
    p_serve.add_argument("--delay-ms", dest="delay_ms", type=float, default=0.0,
                         help="added before every answer (rehearse a slow link or model) [ms]")
    p_serve.set_defaults(func=cmd_serve_policy)
    operator.add_parsers(sub)
    view.add_parsers(sub)
    console.add_parsers(sub)
    p_robot = sub.add_parser("robot", help="robot description tools")
    robot_sub = p_robot.add_subparsers(dest="robot_command", required=True)
    p_export = robot_sub.add_parser("export", help="regenerate the MJCF, URDF and Gazebo files from sim/lam_robot/robot.yaml")
    p_export.set_defaults(func=cmd_robot_export)
    return parser


def main(argv: list[str] | None = None) -> None:
    for key, value in dds_environment().items():  # before any rclpy.init in this process
        os.environ.setdefault(key, value)
    args = build_parser().parse_args(argv)
    try:
        code = args.func(args)
    except LamError as exc:
        print(f"lam: error: {exc}", file=sys.stderr)
        code = EXIT_USAGE
    raise SystemExit(code)


if __name__ == "__main__":
    main()
