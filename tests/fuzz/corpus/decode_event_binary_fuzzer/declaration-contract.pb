
¿
25NL4A7B9C2D1E3F5G2025-06-02T08:15:00Z"EX*10002)
NL123456789Veldhoven Photonics BVNL:Shenzhen Optics Co., Ltd.CNBShenzhen Optics Co., Ltd.CNJCNRKZZNL000396bNL000510j~85414900infrared detector arrays"12.5*	
40NAR248000.00:	6A002.a.3B0
X060NL-DU-2025-000123"	
40NAR*48000.00