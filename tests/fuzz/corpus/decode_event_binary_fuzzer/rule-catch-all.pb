2_
NL-CATCH-ALL-7Reg. 2021/821 Art. 4"IRRNL123456789Z$Shahid Bakeri Industrial GroupIR