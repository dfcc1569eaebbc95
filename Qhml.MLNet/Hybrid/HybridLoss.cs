namespace Qhml.MLNet.Hybrid;

/// <summary>Training loss on standardized labels; <c>r</c> is prediction minus label.</summary>
public enum HybridLoss
{
    /// <summary><c>r^2</c>.</summary>
    SquaredError = 0,

    /// <summary>
    /// Huber, scaled to match <see cref="SquaredError"/> near zero: <c>r^2</c> for |r| &lt;= delta,
    /// else <c>2 delta |r| - delta^2</c> (delta is <see cref="HybridOptions.HuberDelta"/>, in label SDs).
    /// </summary>
    Huber = 1,
}
