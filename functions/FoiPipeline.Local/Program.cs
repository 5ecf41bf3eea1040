using FoiPipeline.Local.Cli;

return await FoiCli.InvokeAsync(args, Console.Out, Console.Error);
