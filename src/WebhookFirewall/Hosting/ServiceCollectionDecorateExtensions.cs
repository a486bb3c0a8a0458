namespace WebhookFirewall.Hosting;

internal static class ServiceCollectionDecorateExtensions
{
    /// <summary>
    /// Wraps the last registration of <typeparamref name="TService"/> (a singleton) in <typeparamref name="TDecorator"/>,
    /// which receives the original through its constructor. The decorator is resolvable under both types.
    /// </summary>
    public static IServiceCollection Decorate<TService, TDecorator>(this IServiceCollection services)
        where TService : class
        where TDecorator : class, TService
    {
        var index = LastIndexOf(services, typeof(TService));
        var decorated = services[index];
        if (decorated.Lifetime != ServiceLifetime.Singleton || decorated.IsKeyedService)
        {
            throw new InvalidOperationException($"Only an unkeyed singleton {typeof(TService).Name} can be decorated.");
        }

        services[index] = ServiceDescriptor.Singleton<TService>(sp => sp.GetRequiredService<TDecorator>());
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<TDecorator>(sp, Create<TService>(decorated, sp)));
        return services;
    }

    private static int LastIndexOf(IServiceCollection services, Type serviceType)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == serviceType)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"No {serviceType.Name} is registered to decorate.");
    }

    private static TService Create<TService>(ServiceDescriptor descriptor, IServiceProvider services)
        where TService : class =>
        (TService)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
