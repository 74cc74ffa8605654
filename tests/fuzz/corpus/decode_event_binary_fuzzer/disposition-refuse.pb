8
25NL4A7B9C2D1E3F5G"NL-OFF-3*denied party confirmed