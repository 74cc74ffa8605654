"±
NL-DU-2025-000123"NL123456789*NL-CDIU2
2025-01-01:
2026-12-31BCNJShenzhen Optics Co., Ltd.CNZE6A002854149"

100NAR*	120000.00:infrared focal plane arrays