using LogGrains.Silo.Hosting;

return await SiloApp.RunAsync(args).ConfigureAwait(false);
