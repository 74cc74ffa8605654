U
25NL4A7B9C2D1E3F5G"	NL-OFF-17*end-user statement checked22025-06-02T09:30:00Z