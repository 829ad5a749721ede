"""ROS 2 shell shared by the LAM nodes: contract endpoints, QoS, parameters, conversions, main()."""
