using Qhml.MLNet.Samples;

Console.WriteLine("Qhml.MLNet samples");
CircuitDemo.Run(Console.Out);
