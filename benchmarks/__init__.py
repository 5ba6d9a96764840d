"""Performance benchmarks: a synthetic corpus generator (`corpus`), the stages run as plain
functions (`plain`) and the runner that measures the real build against its targets (`run`)."""
