using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Qhml.MLNet.Samples.Cli;
using Qhml.MLNet.Serving;

namespace Qhml.MLNet.Samples.Serve;

/// <summary>The <c>serve</c> command: score over HTTP with a watched model file.</summary>
public static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    /// <returns><c>serve --model PATH [--port 5080] [--host 127.0.0.1] [--http-floor]</c>.</returns>
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model", "-m")
        {
            Description = "The model to serve (saved by train). It is watched: rename a new model into place to switch without a restart.",
            Required = true,
        };
        var port = CliOptions.Int("--port", "Port to listen on (0: any free port).", 5080, min: 0);
        var host = new Option<string>("--host")
        {
            Description = "Address to listen on; 0.0.0.0 to accept other machines (e.g. behind a load balancer).",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var floor = new Option<bool>("--http-floor")
        {
            Description = "Also answer POST /predict/constant: parses and checks like /predict but returns 0 without scoring (the HTTP floor, for benchmarks).",
        };
        var command = new Command("serve", "Serve a model over HTTP: POST /predict, POST /predict/batch, GET /health; reloads the model file when it changes.")
        {
            model, port, host, floor,
        };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            string path = parse.GetValue(model)!.FullName;
            if (!File.Exists(path))
                throw new FileNotFoundException($"The model file '{path}' does not exist. Create one with: train --drug <name> --output {path}", path);
            WebApplication app;
            try
            {
                app = ScoringService.Build(new ServeSettings(path, parse.GetValue(host)!, parse.GetValue(port), parse.GetValue(floor)));
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidOperationException(ex.Message, ex);
            }
            using (app)
            {
                app.Start();
                ServedModelInfo served = app.Services.GetRequiredService<QhmlPredictionPool<FeatureRow, ScoreRow>>().GetModel(ScoringEndpoints.ModelName);
                Console.WriteLine($"Serving {served.FilePath} (sha256 {served.ContentHash}, {served.Trainer}) on {ScoringService.Address(app)}; Ctrl+C stops.");
                app.WaitForShutdown();
            }
            return 0;
        }));
        return command;
    }
}
