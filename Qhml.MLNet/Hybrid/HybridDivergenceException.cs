namespace Qhml.MLNet.Hybrid;

/// <summary>
/// A non-finite value inside a training step, thrown where it is found (network outputs, circuit angles) and caught
/// by the epoch loop, which names the epoch and mini-batch in the trainer's divergence error. It never reaches a
/// user: without it, NaN angles reached the simulator, whose own argument check leaked out instead.
/// </summary>
internal sealed class HybridDivergenceException(string what) : Exception(what);
