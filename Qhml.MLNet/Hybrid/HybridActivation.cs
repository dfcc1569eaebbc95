namespace Qhml.MLNet.Hybrid;

/// <summary>Activation of the hidden layers of the dense network (the last layer, feeding the interface, is linear).</summary>
public enum HybridActivation
{
    /// <summary>max(0, x).</summary>
    ReLU = 0,

    /// <summary>tanh(x).</summary>
    Tanh = 1,

    /// <summary>GELU, tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).</summary>
    Gelu = 2,
}
