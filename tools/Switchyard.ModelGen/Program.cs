Console.WriteLine("modelgen");
