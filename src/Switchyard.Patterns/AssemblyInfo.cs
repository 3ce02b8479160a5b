namespace Switchyard.Patterns;
