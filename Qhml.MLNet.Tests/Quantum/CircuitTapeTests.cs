using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Tests.Quantum;

/// <summary>
/// A training step runs the circuit forward once: the taped forward keeps every lane group's state and the gradient
/// starts from it. Expectations and gradients must keep the bits of the untaped calls.
/// </summary>
public class CircuitTapeTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(9, 1)]
    [InlineData(32, 1)]
    [InlineData(32, -1)]
    [InlineData(37, -1)]
    public void TheGradientAfterATapedForwardHasTheBitsOfAFreshOne(int batch, int threads)
    {
        var rng = new Random(batch * 7 + threads);
        foreach (int qubits in new[] { 1, 3, 8 })
        {
            var circuit = RandomCircuits.Create(rng, qubits, 60, 5, qubits);
            var ev = new CircuitEvaluator(circuit) { MaxDegreeOfParallelism = threads };
            double[] theta = RandomCircuits.Uniform(rng, ev.ParameterCount, Math.PI);
            double[] x = RandomCircuits.Uniform(rng, batch * ev.InputCount, Math.PI);
            double[] g = RandomCircuits.Uniform(rng, batch * qubits, 1.0);

            var expected = Step(ev, theta, x, g, tape: null);
            var tape = ev.CreateTape();
            var taped = Step(ev, theta, x, g, tape);

            Assert.Equal(1, tape.Replays);
            AssertSameBits(expected.Expectations, taped.Expectations, $"{qubits} qubits, expectations");
            AssertSameBits(expected.ParameterGradient, taped.ParameterGradient, $"{qubits} qubits, parameter gradient");
            AssertSameBits(expected.InputGradients, taped.InputGradients, $"{qubits} qubits, input gradients");
        }
    }

    [Fact]
    public void AGradientOfOtherInputsOrParametersRunsItsOwnForward()
    {
        var rng = new Random(12);
        var circuit = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options { Qubits = 5, Layers = 2 });
        var ev = new CircuitEvaluator(circuit) { MaxDegreeOfParallelism = 1 };
        double[] theta = RandomCircuits.Uniform(rng, ev.ParameterCount, Math.PI);
        double[] x = RandomCircuits.Uniform(rng, 8 * 5, Math.PI);
        double[] g = RandomCircuits.Uniform(rng, 8 * 5, 1.0);
        var tape = ev.CreateTape();
        ev.ForwardRecording(theta, x, new double[8 * 5], tape);

        // Other inputs: the recorded states belong to another batch, so the gradient must not use them.
        double[] other = (double[])x.Clone();
        other[17] += 1e-3;
        var fresh = Gradients(ev, theta, other, g, tape: null);
        var fromTape = Gradients(ev, theta, other, g, tape);
        Assert.Equal(0, tape.Replays);
        AssertSameBits(fresh.ParameterGradient, fromTape.ParameterGradient, "other inputs");

        // The tape was consumed by that call: a second gradient of the recorded batch recomputes too.
        var again = Gradients(ev, theta, x, g, tape);
        Assert.Equal(0, tape.Replays);
        AssertSameBits(Gradients(ev, theta, x, g, tape: null).ParameterGradient, again.ParameterGradient, "after consumption");

        // Other parameters.
        ev.ForwardRecording(theta, x, new double[8 * 5], tape);
        double[] moved = (double[])theta.Clone();
        moved[3] = Math.BitIncrement(moved[3]);
        AssertSameBits(Gradients(ev, moved, x, g, tape: null).InputGradients, Gradients(ev, moved, x, g, tape).InputGradients, "other parameters");
        Assert.Equal(0, tape.Replays);
    }

    [Fact]
    public void CircuitsAboveTheLaneLimitAreNotTapedAndStillDifferentiate()
    {
        var rng = new Random(3);
        var circuit = RandomCircuits.Create(rng, 4, 30, 3, 2);
        var ev = new CircuitEvaluator(circuit, useLanes: false);
        double[] theta = RandomCircuits.Uniform(rng, ev.ParameterCount, Math.PI);
        double[] x = RandomCircuits.Uniform(rng, 6 * 2, Math.PI);
        double[] g = RandomCircuits.Uniform(rng, 6 * 4, 1.0);
        var tape = ev.CreateTape();
        var taped = Step(ev, theta, x, g, tape);
        Assert.Equal(0, tape.Replays);
        AssertSameBits(Step(ev, theta, x, g, tape: null).ParameterGradient, taped.ParameterGradient, "reference engine");
    }

    private static (double[] Expectations, double[] ParameterGradient, double[] InputGradients) Step(
        CircuitEvaluator ev, double[] theta, double[] x, double[] g, CircuitTape? tape)
    {
        var e = new double[g.Length];
        ev.ForwardRecording(theta, x, e, tape);
        var (pg, ig) = Gradients(ev, theta, x, g, tape);
        return (e, pg, ig);
    }

    private static (double[] ParameterGradient, double[] InputGradients) Gradients(
        CircuitEvaluator ev, double[] theta, double[] x, double[] g, CircuitTape? tape)
    {
        var pg = new double[ev.ParameterCount];
        var ig = new double[x.Length];
        if (tape is null)
            ev.Gradient(theta, x, g, pg, ig);
        else
            ev.GradientFromTape(theta, x, g, pg, ig, tape);
        return (pg, ig);
    }

    private static void AssertSameBits(double[] expected, double[] actual, string where)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"{where}, entry {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
