Console.WriteLine("Qhml.MLNet samples");
