// The two instantiations of the matrix arithmetic the engines name most (see Matrix2x2.cs).
global using LaneMatrix = Qhml.MLNet.Quantum.Matrix2x2<System.Numerics.Vector<double>>;
global using LaneMatrixMath = Qhml.MLNet.Quantum.MatrixMath<System.Numerics.Vector<double>, Qhml.MLNet.Quantum.VectorArithmetic>;
global using Matrix2 = Qhml.MLNet.Quantum.Matrix2x2<double>;
global using Matrix2Math = Qhml.MLNet.Quantum.MatrixMath<double, Qhml.MLNet.Quantum.ScalarArithmetic>;
