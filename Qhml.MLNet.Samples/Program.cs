using Qhml.MLNet.Samples.Cli;

// No arguments: the quick study on synthetic data. Otherwise: the commands (see --help).
return args.Length == 0 ? StudyCommand.RunQuick() : SamplesCli.Create().Parse(args).Invoke();
