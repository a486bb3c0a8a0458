namespace WebhookFirewall.Pipeline;

/// <summary>
/// One stage of the YARP proxy pipeline, between the route match and the forwarder. A stage is one class and one
/// <c>pipeline.UseStep&lt;T&gt;()</c> line; it reads the request's <see cref="WebhookContext"/>, and either answers
/// (setting the outcome) or calls <c>next</c>.
/// </summary>
internal interface IProxyStep
{
    Task InvokeAsync(HttpContext context, RequestDelegate next);
}
