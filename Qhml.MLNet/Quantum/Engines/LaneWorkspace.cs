using System.Numerics;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// What <see cref="LaneProgram.Forward"/> leaves for <see cref="LaneProgram.Backward"/> on one group of lanes: the
/// final state, every gate and block matrix, the expectations. A worker owns one; a <see cref="CircuitTape"/> keeps
/// one per group of a batch so the adjoint pass can start from the forward pass it follows.
/// </summary>
internal sealed class LaneState
{
    public LaneState(LaneProgram lanes)
    {
        PhiRe = new Vector<double>[lanes.Dim];
        PhiIm = new Vector<double>[lanes.Dim];
        InitialMatrix = new LaneMatrix[lanes.Qubits];
        Gate = new LaneMatrix[lanes.Program.Ops.Length];
        StepMatrix = new LaneMatrix[lanes.Steps.Length];
        Expectations = new Vector<double>[lanes.Qubits];
    }

    /// <summary>Bytes held by one state of <paramref name="lanes"/> (the tape's memory budget counts them).</summary>
    public static long Bytes(LaneProgram lanes)
        => (long)System.Runtime.CompilerServices.Unsafe.SizeOf<Vector<double>>()
            * ((2L * lanes.Dim) + (8L * (lanes.Qubits + lanes.Program.Ops.Length + lanes.Steps.Length)) + lanes.Qubits);

    public Vector<double>[] PhiRe { get; }

    public Vector<double>[] PhiIm { get; }

    /// <summary>Each qubit's first block (its first column is that qubit's product-state factor).</summary>
    public LaneMatrix[] InitialMatrix { get; }

    public LaneMatrix[] Gate { get; }

    public LaneMatrix[] StepMatrix { get; }

    public Vector<double>[] Expectations { get; }
}

/// <summary>Per-worker scratch of <see cref="LaneProgram"/>: everything one group of lanes needs, allocated once.</summary>
internal sealed class LaneWorkspace
{
    public LaneWorkspace(LaneProgram lanes)
    {
        int dim = lanes.Dim;
        State = new LaneState(lanes);
        LamRe = new Vector<double>[dim];
        LamIm = new Vector<double>[dim];
        Scratch = new Vector<double>[dim + LaneProgram.ContractionScratch(lanes.Qubits)];
        ScratchIm = new Vector<double>[Scratch.Length];
        ChiRe = new Vector<double>[2 * lanes.Qubits];
        ChiIm = new Vector<double>[2 * lanes.Qubits];
        ExpectationGradient = new Vector<double>[lanes.Qubits];
        ParameterGradient = new Vector<double>[lanes.Program.ParameterCount];
        InputGradient = new Vector<double>[lanes.Program.InputCount];
    }

    /// <summary>The worker's own forward state (a taped batch uses the tape's instead).</summary>
    public LaneState State { get; }

    public Vector<double>[] LamRe { get; }

    public Vector<double>[] LamIm { get; }

    public Vector<double>[] Scratch { get; }

    public Vector<double>[] ScratchIm { get; }

    public Vector<double>[] ChiRe { get; }

    public Vector<double>[] ChiIm { get; }

    public Vector<double>[] ExpectationGradient { get; }

    public Vector<double>[] ParameterGradient { get; }

    public Vector<double>[] InputGradient { get; }
}
