"""Generated robot files: URDF and Gazebo SDF from the one robot description, and the export of all of them."""
