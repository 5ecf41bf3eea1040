using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace FoiPipeline.Local.Hosting;

/// <summary>One console log format for every foi command.</summary>
public static class ConsoleLogging
{
    /// <summary>
    /// Single-line logs on stderr, so that what a command prints on stdout (the queue table, JSON lines)
    /// can be piped cleanly. Azure SDK and framework chatter only from Warning up.
    /// </summary>
    public static ILoggingBuilder AddFoiConsole(this ILoggingBuilder logging, LogLevel level)
    {
        logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
        });
        logging.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(level);
        logging.AddFilter("Azure", LogLevel.Warning);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        return logging;
    }

    public static ILoggerFactory CreateFactory(LogLevel level) => LoggerFactory.Create(logging => logging.AddFoiConsole(level));
}
