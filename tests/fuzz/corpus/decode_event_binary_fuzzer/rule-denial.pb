2Q
DENIAL-DE-2024-12"CN:3A001Z#Beijing Semiconductor TradingCNb
2024-03-15