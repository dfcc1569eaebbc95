using System.Globalization;
using System.Reflection;

namespace Qhml.MLNet.Experiments;

/// <summary>Sets a trial's option values on a trainer's options object by reflection, by name.</summary>
internal static class OptionsBinder
{
    /// <summary>Sets every value of <paramref name="configuration"/> except <paramref name="skip"/> on <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">An option is missing on the target or its value does not convert.</exception>
    public static void Apply(object options, TrialConfiguration configuration, IReadOnlyCollection<string> skip)
    {
        Type type = options.GetType();
        foreach (var (name, value) in configuration.Values)
        {
            if (skip.Contains(name))
                continue;
            MemberInfo member = type.GetMember(name, BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(m => m is FieldInfo or PropertyInfo { CanWrite: true })
                ?? throw new ArgumentException($"{type.FullName} has no settable option '{name}'.");
            Type target = member is FieldInfo f ? f.FieldType : ((PropertyInfo)member).PropertyType;
            object converted = ConvertTo(value, target, name);
            if (member is FieldInfo field)
                field.SetValue(options, converted);
            else
                ((PropertyInfo)member).SetValue(options, converted);
        }
    }

    /// <summary>Converts <paramref name="value"/> to <paramref name="target"/> (nullable and enum aware).</summary>
    public static object ConvertTo(object value, Type target, string name)
    {
        Type t = Nullable.GetUnderlyingType(target) ?? target;
        if (value.GetType() == t)
            return value;
        try
        {
            return t.IsEnum ? Enum.ToObject(t, value) : Convert.ChangeType(value, t, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw new ArgumentException($"Option '{name}': value '{value}' does not convert to {t.Name}.", e);
        }
    }
}
