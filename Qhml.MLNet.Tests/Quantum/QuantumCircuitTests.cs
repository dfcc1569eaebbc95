using System.Numerics;
using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Tests.Quantum;

public class QuantumCircuitTests
{
    private const double Tol = 1e-12;

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.4)]
    [InlineData(1.7)]
    [InlineData(-2.9)]
    public void RYGivesCosineZExpectation(double t)
    {
        var state = new QuantumCircuit(1).RY(0, t).Simulate();
        Assert.Equal(Math.Cos(t), state.ExpectationZ(0), Tol);
        Assert.Equal(Math.Cos(t / 2), state.Amplitude(0).Real, Tol);
        Assert.Equal(Math.Sin(t / 2), state.Amplitude(1).Real, Tol);
    }

    [Fact]
    public void RotationsFollowExpMinusIThetaPOverTwo()
    {
        const double t = 0.8;
        var rx = new QuantumCircuit(1).RX(0, t).Simulate();
        AssertAmp(new Complex(Math.Cos(t / 2), 0), rx.Amplitude(0));
        AssertAmp(new Complex(0, -Math.Sin(t / 2)), rx.Amplitude(1));
        var rz = new QuantumCircuit(1).H(0).RZ(0, t).Simulate();
        double r = Math.Sqrt(0.5);
        AssertAmp(r * Complex.FromPolarCoordinates(1, -t / 2), rz.Amplitude(0));
        AssertAmp(r * Complex.FromPolarCoordinates(1, t / 2), rz.Amplitude(1));
    }

    [Fact]
    public void BellStateAmplitudes()
    {
        var s = new QuantumCircuit(2).H(0).CNOT(0, 1).Simulate();
        double r = Math.Sqrt(0.5);
        AssertAmp(r, s[0]);
        AssertAmp(0, s[1]);
        AssertAmp(0, s[2]);
        AssertAmp(r, s[3]);
        Assert.Equal(0.5, s.Probability(3), Tol);
    }

    [Fact]
    public void GhzOnFiveQubits()
    {
        var c = new QuantumCircuit(5).H(0);
        for (int q = 0; q < 4; q++)
            c.CNOT(q, q + 1);
        var s = c.Simulate();
        for (int i = 0; i < 32; i++)
            AssertAmp(i is 0 or 31 ? Math.Sqrt(0.5) : 0, s[i]);
        Assert.All(s.ExpectationsZ(), z => Assert.Equal(0, z, Tol));
    }

    [Fact]
    public void QubitZeroIsMostSignificantBit()
    {
        var s = new QuantumCircuit(3).X(0).Simulate();
        Assert.Equal(1, s.Probability(4), Tol);
        Assert.Equal(new[] { -1.0, 1.0, 1.0 }, s.ExpectationsZ());
        var last = new QuantumCircuit(3).X(2).Simulate();
        Assert.Equal(1, last.Probability(1), Tol);
        // CNOT(control 0, target 2) on |100> gives |101> = 5.
        Assert.Equal(1, new QuantumCircuit(3).X(0).CNOT(0, 2).Simulate().Probability(5), Tol);
    }

    [Fact]
    public void FixedGateIdentities()
    {
        // Checked on a generic 1-qubit state, phases included.
        QuantumCircuit Prep() => new QuantumCircuit(1).RY(0, 0.7).RX(0, 0.3).RZ(0, 1.1);
        AssertSameState(Prep().H(0).X(0).H(0), Prep().Z(0));
        AssertSameState(Prep().S(0).S(0), Prep().Z(0));
        AssertSameState(Prep().T(0).T(0), Prep().S(0));
        var i = Complex.ImaginaryOne;
        AssertSameState(Prep().Y(0), Prep().Unitary(0, 0, -i, i, 0));
        // Y = i X Z
        var xz = Prep().Z(0).X(0).Simulate();
        var y = Prep().Y(0).Simulate();
        for (int k = 0; k < 2; k++)
            AssertAmp(i * xz[k], y[k]);
        // H = Unitary(1/sqrt2 [[1,1],[1,-1]])
        double r = Math.Sqrt(0.5);
        AssertSameState(Prep().H(0), Prep().Unitary(0, r, r, r, -r));
        // CZ is symmetric and equals H(target) CNOT H(target).
        QuantumCircuit Prep2() => new QuantumCircuit(2).RY(0, 0.9).RX(1, 0.4).CNOT(0, 1).RY(1, 1.3);
        AssertSameState(Prep2().CZ(0, 1), Prep2().CZ(1, 0));
        AssertSameState(Prep2().CZ(0, 1), Prep2().H(1).CNOT(0, 1).H(1));
    }

    [Fact]
    public void NormPreservedAfterThousandRandomGatesOnTwelveQubits()
    {
        var rng = new Random(12);
        var c = new QuantumCircuit(12);
        for (int g = 0; g < 1000; g++)
            RandomCircuits.AddRandomGate(rng, c, 0, 0);
        var s = c.Simulate();
        double norm = 0;
        for (int i = 0; i < s.Dimension; i++)
            norm += s.Probability(i);
        Assert.Equal(1, norm, Tol);
        // The state is spread out, not trivially a basis state.
        Assert.True(s.Probability(0) < 0.5);
    }

    [Fact]
    public void ParameterAndInputCountsFollowLargestIndex()
    {
        var c = new QuantumCircuit(2).RY(0, Angle.Parameter(3)).RX(1, Angle.Input(1)).RZ(0, 0.5);
        Assert.Equal(4, c.ParameterCount);
        Assert.Equal(2, c.InputCount);
        Assert.Equal(3, c.Gates.Count);
        Assert.Equal(AngleSource.Constant, c.Gates[2].Angle.Source);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(25)]
    [InlineData(-1)]
    public void QubitCountOutOfRangeThrows(int n)
    {
        var ex = Assert.Throws<ArgumentException>(() => new QuantumCircuit(n));
        Assert.Contains(n.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message);
    }

    [Fact]
    public void BadGatesThrowNamingGateQubitAndValue()
    {
        var c = new QuantumCircuit(3);
        AssertThrowsWith(() => c.RY(3, 0.1), "RY", "qubit 3");
        AssertThrowsWith(() => c.H(-1), "H", "qubit -1");
        AssertThrowsWith(() => c.CNOT(0, 5), "CNOT", "qubit 5");
        AssertThrowsWith(() => c.CNOT(1, 1), "CNOT", "= 1");
        AssertThrowsWith(() => c.CZ(2, 2), "CZ", "= 2");
        AssertThrowsWith(() => c.RX(1, double.NaN), "RX", "qubit 1", "NaN");
        AssertThrowsWith(() => c.RZ(2, double.PositiveInfinity), "RZ", "qubit 2", "Infinity");
        AssertThrowsWith(() => c.Unitary(0, 1, 1, 0, 1), "Unitary", "qubit 0", "not unitary");
        AssertThrowsWith(() => c.Unitary(1, double.NaN, 0, 0, 1), "Unitary", "qubit 1", "NaN");
        Assert.Empty(c.Gates);
        Assert.Throws<ArgumentOutOfRangeException>(() => Angle.Parameter(-1));
    }

    [Fact]
    public void SimulateValidatesParametersAndInputs()
    {
        var c = new QuantumCircuit(2).RY(0, Angle.Parameter(0)).RX(1, Angle.Input(0));
        AssertThrowsWith(() => c.Simulate(new[] { 0.1, 0.2 }, new[] { 0.3 }), "Expected 1 parameter", "got 2");
        AssertThrowsWith(() => c.Simulate(new[] { double.NaN }, new[] { 0.3 }), "Parameter 0", "NaN", "RY", "qubit 0");
        AssertThrowsWith(() => c.Simulate(new[] { 0.1 }, new[] { double.NegativeInfinity }), "input slot 0", "RX", "qubit 1", "-Infinity");
    }

    internal static void AssertThrowsWith(Action action, params string[] fragments)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(action);
        foreach (string f in fragments)
            Assert.Contains(f, ex.Message, StringComparison.Ordinal);
    }

    private static void AssertSameState(QuantumCircuit a, QuantumCircuit b)
    {
        var sa = a.Simulate();
        var sb = b.Simulate();
        for (int i = 0; i < sa.Dimension; i++)
            AssertAmp(sb[i], sa[i]);
    }

    private static void AssertAmp(Complex expected, Complex actual)
    {
        Assert.Equal(expected.Real, actual.Real, Tol);
        Assert.Equal(expected.Imaginary, actual.Imaginary, Tol);
    }
}
