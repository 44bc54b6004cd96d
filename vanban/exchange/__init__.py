"""Exchange between systems: edXML packages (Thông tư 10/2023/TT-BTTTT) and agency codes."""
