"""The risk engine benchmark (make bench): data generator, pandas reference, runner."""
