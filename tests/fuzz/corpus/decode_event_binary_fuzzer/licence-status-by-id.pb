*1
NL-DU-2025-000123"holder under investigation