namespace Switchyard.Policies;
