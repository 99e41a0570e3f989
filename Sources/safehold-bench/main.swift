// Placeholder for the benchmark program; replaced by the real one.
print("safehold-bench: not implemented yet")
