using Qhml.MLNet.Normalization;

namespace Qhml.MLNet.Tests;

public class ModeratedTanhTests
{
    [Fact]
    public void ValueAtOneIsTanhOfOneOverM()
    {
        Assert.Equal(Math.PI / 2 * Math.Tanh(0.5), ModeratedTanh.Value(1.0, Math.PI / 2, 2.0), 15);
    }
}
