using System.Numerics;

namespace Qhml.MLNet.Quantum;

/// <summary>Per-worker scratch of <see cref="LaneProgram"/>: everything one group of lanes needs, allocated once.</summary>
internal sealed class LaneWorkspace
{
    public LaneWorkspace(LaneProgram lanes)
    {
        int dim = lanes.Dim;
        PhiRe = new Vector<double>[dim];
        PhiIm = new Vector<double>[dim];
        LamRe = new Vector<double>[dim];
        LamIm = new Vector<double>[dim];
        Scratch = new Vector<double>[dim + LaneProgram.ContractionScratch(lanes.Qubits)];
        ScratchIm = new Vector<double>[Scratch.Length];
        InitialMatrix = new LaneMatrix[lanes.Qubits];
        ChiRe = new Vector<double>[2 * lanes.Qubits];
        ChiIm = new Vector<double>[2 * lanes.Qubits];
        Gate = new LaneMatrix[lanes.Program.Ops.Length];
        StepMatrix = new LaneMatrix[lanes.Steps.Length];
        Expectations = new Vector<double>[lanes.Qubits];
        ExpectationGradient = new Vector<double>[lanes.Qubits];
        ParameterGradient = new Vector<double>[lanes.Program.ParameterCount];
        InputGradient = new Vector<double>[lanes.Program.InputCount];
    }

    public Vector<double>[] PhiRe { get; }

    public Vector<double>[] PhiIm { get; }

    public Vector<double>[] LamRe { get; }

    public Vector<double>[] LamIm { get; }

    public Vector<double>[] Scratch { get; }

    public Vector<double>[] ScratchIm { get; }

    /// <summary>Each qubit's first block (its first column is that qubit's product-state factor).</summary>
    public LaneMatrix[] InitialMatrix { get; }

    public Vector<double>[] ChiRe { get; }

    public Vector<double>[] ChiIm { get; }

    public LaneMatrix[] Gate { get; }

    public LaneMatrix[] StepMatrix { get; }

    public Vector<double>[] Expectations { get; }

    public Vector<double>[] ExpectationGradient { get; }

    public Vector<double>[] ParameterGradient { get; }

    public Vector<double>[] InputGradient { get; }
}
