using WebhookFirewall.Commands;

namespace WebhookFirewall;

public static class Program
{
    public static async Task<int> Main(string[] args) => args switch
    {
        ["serve", .. var rest] => await ServeCommand.RunAsync(rest),
        ["demo", .. var rest] => await DemoCommand.RunAsync(rest),
        ["validate", .. var rest] => ValidateCommand.Run(rest),
        ["sign", .. var rest] => SignCommand.Run(rest),
        ["diagnose", .. var rest] => await DiagnoseCommand.RunAsync(rest),
        ["healthcheck", .. var rest] => await HealthCheckCommand.RunAsync(rest),
        _ => await ServeCommand.RunAsync(args),
    };
}
