"""Synthetic names for the demo force (common British given names and surnames)."""

FIRST_NAMES = [
    "Aaron", "Abigail", "Adam", "Aisha", "Alex", "Alice", "Amelia", "Amir", "Amy", "Andrew",
    "Anna", "Ben", "Beth", "Callum", "Carl", "Charlotte", "Chloe", "Chris", "Claire", "Connor",
    "Dan", "David", "Dean", "Eleanor", "Ella", "Emily", "Emma", "Faith", "Fatima", "Gareth",
    "Gemma", "George", "Grace", "Hannah", "Harry", "Holly", "Imran", "Isla", "Jack", "Jade",
    "James", "Jamie", "Jas", "Jessica", "Joe", "John", "Karen", "Kate", "Kieran", "Laura",
    "Leah", "Lee", "Liam", "Lucy", "Mark", "Martin", "Megan", "Michael", "Mohammed", "Natalie",
    "Neil", "Nicola", "Oliver", "Olivia", "Paul", "Priya", "Rachel", "Rebecca", "Rhys", "Richard",
    "Robert", "Ryan", "Sarah", "Scott", "Sean", "Sophie", "Stephen", "Steven", "Tom", "Victoria",
    "Wayne", "Zara", "Zoe", "Yusuf",
]

LAST_NAMES = [
    "Ahmed", "Allen", "Anderson", "Armstrong", "Atkinson", "Bailey", "Baker", "Bell", "Bennett",
    "Brown", "Campbell", "Carr", "Clarke", "Collins", "Cook", "Cooper", "Davies", "Dixon", "Edwards",
    "Evans", "Fletcher", "Foster", "Graham", "Green", "Hall", "Harris", "Hill", "Hughes", "Hussain",
    "Jackson", "James", "Johnson", "Jones", "Kaur", "Kelly", "Khan", "King", "Lee", "Lewis", "Marshall",
    "Martin", "Mason", "Miller", "Mitchell", "Moore", "Morris", "Murphy", "Patel", "Phillips", "Price",
    "Richardson", "Roberts", "Robinson", "Robson", "Scott", "Shaw", "Singh", "Smith", "Stewart",
    "Taylor", "Thompson", "Turner", "Walker", "Ward", "Watson", "White", "Williams", "Wilson",
    "Wood", "Wright", "Young",
]
