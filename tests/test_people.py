"""Which names are one person (fabula/stages/people.py): full names and
their parts in either order, titles, family names, short forms and a cast
list given beforehand."""

import fabula


def cast(text, known=()):
    """Each character's name -> the set of their names."""
    doc = fabula.analyze(text, cast=known)
    return {c.name: {c.name, *c.aliases} for c in doc.characters}


def person_with(found, form):
    return next(names for names in found.values() if form in names)


def test_surname_first_full_names_gather_both_parts():
    text = ("Uzumaki Naruto ran in. Naruto grinned. Uzumaki was loud. Hatake Kakashi sighed. "
            "Kakashi read his book. Naruto laughed at Kakashi.")
    found = cast(text)
    assert {"Uzumaki Naruto", "Naruto", "Uzumaki"} <= person_with(found, "Naruto")
    assert {"Hatake Kakashi", "Kakashi"} <= person_with(found, "Kakashi")


def test_honorific_forms_are_name_forms_not_people():
    text = ("Aizawa Shouta walked in. Aizawa sighed. \"Aizawa-sensei,\" Midoriya said. "
            "Midoriya Izuku waited. Aizawa nodded at Midoriya.")
    found = cast(text)
    assert "Aizawa-sensei" in person_with(found, "Aizawa")
    assert not any(name.startswith("Aizawa-") for name in found)


def test_shouted_names_are_the_same_person():
    text = 'Draco Malfoy sneered. Draco laughed. "DRACO!" Hermione shouted. Hermione glared at Draco.'
    found = cast(text)
    assert not any(name.isupper() for name in found)
    assert "Draco" in person_with(found, "Draco Malfoy")


def test_a_titled_surname_joins_the_one_full_name_that_fits():
    text = ("Ellen Olenska came in. Madame Olenska smiled. Ellen sat down. Madame Olenska laughed. "
            "Newland Archer bowed to Madame Olenska.")
    assert "Madame Olenska" in person_with(cast(text), "Ellen Olenska")


def test_a_family_title_needs_the_same_title_to_join():
    text = ("Newland Archer came in. Mrs. Archer looked up. Archer smiled and he sat down. "
            "Archer was tired, and he said so. Later Newland Archer left. Mrs. Archer frowned. "
            "Janey Archer laughed. Archer knew he was late.")
    found = cast(text)
    assert person_with(found, "Mrs. Archer") == {"Mrs. Archer"}
    assert "Archer" in person_with(found, "Newland Archer")


def test_master_before_the_one_bearer_of_a_surname_is_a_rank():
    text = ('Mace Windu strode in. "Master Windu, I must talk to you," Anakin said. Windu nodded. '
            '"Speak," said Master Windu. Mace Windu waited. Anakin bowed to Master Windu.')
    assert "Master Windu" in person_with(cast(text), "Mace Windu")


def test_miss_before_the_one_bearer_of_a_surname_is_her():
    text = ("Susan Bones sat down at the table. Harry looked at her. Susan smiled. "
            "The young Miss Bones imagined that he was shy. Susan Bones laughed.")
    assert "Miss Bones" in person_with(cast(text), "Susan Bones")
    text = ("Jane Bennet sat down. Elizabeth Bennet laughed. Miss Bennet smiled. Jane Bennet left. "
            "Elizabeth Bennet stayed. Miss Bennet came back.")
    assert person_with(cast(text), "Miss Bennet") == {"Miss Bennet"}  # two women bear the name


def test_mr_before_the_one_bearer_of_a_surname_is_him():
    text = ('Mr Crowley came in. Mr Fell followed him. "Right," Mr Crowley said. "I am Anthony Crowley. '
            'And this is Ezra Fell." Mr Fell smiled. Ezra sat down. Mr Crowley sighed.')
    assert "Anthony Crowley" in person_with(cast(text), "Mr Crowley")
    # A son the text calls by his given name is not his father "Mr. Emerson".
    text = ("Mr. Emerson came in. George Emerson followed him. George sat down. Mr. Emerson laughed. "
            "George smiled at Mr. Emerson.")
    assert "Mr. Emerson" not in person_with(cast(text), "George Emerson")
    # Nor is a woman, the one bearer of the name, "Mr. Bennet".
    text = "Jane Bennet shook her head. Mr. Bennet laughed. Jane Bennet bit her lip and smiled at Mr. Bennet."
    assert person_with(cast(text), "Mr. Bennet") == {"Mr. Bennet"}


def test_a_rank_before_a_surname_two_people_bear_is_the_one_so_titled():
    text = ('Captain Pellon BarCarran came in. Maxes BarCarran followed him. Pellon sat. Maxes stood. '
            '"It is nice to see you again, Captain BarCarran," Sylva said. Sylva smiled at Maxes.')
    found = cast(text)
    assert "Captain BarCarran" in person_with(found, "Pellon")
    assert "Maxes BarCarran" not in person_with(found, "Pellon")


def test_a_rank_again_and_again_beside_the_one_bearers_given_name_is_someone_else():
    text = ('Liam Buttersby ate his toast. "Maybe," Dr Buttersby said to Liam. Liam sighed. '
            'Dr Buttersby pointed at Liam. "Go," Dr Buttersby told Liam. Liam went.')
    assert "Dr Buttersby" not in person_with(cast(text), "Liam")
    # Named by a rank far from his given name, he is the one bearer.
    text = ("Mace Windu walked into the hall and looked at the council for a long while. Mace sat down. "
            "The council waited in silence for the words of the master of the order. Then Master Windu spoke.")
    assert "Master Windu" in person_with(cast(text), "Mace Windu")


def test_a_titled_surname_beside_a_titled_full_name_is_another_person():
    text = ("Mr. Knightley came in. Mr. John Knightley followed. Mr. Knightley laughed. John Knightley sat. "
            "Mr. Knightley smiled. Mr. Knightley stood. Knightley said nothing. Mr. Knightley left.")
    found = cast(text)
    assert "Mr. Knightley" not in person_with(found, "John Knightley")
    assert "Knightley" in person_with(found, "Mr. Knightley")


def test_two_bearers_of_one_surname_stay_apart():
    text = ("Mrs. Todoroki sat by the window. Todoroki Shouto came in, and he smiled. Shouto waved. "
            "Mrs. Todoroki smiled at him. Shouto sat down, and he took her hand.")
    found = cast(text)
    assert "Mrs. Todoroki" not in person_with(found, "Todoroki Shouto")


def test_a_short_form_of_a_first_name_joins_it():
    text = ("Siegfried Kircheis came in. Sieg smiled. Martin looked up. Sieg sat down by the fire. "
            "Siegfried laughed. Martin waved at Sieg.")
    assert "Sieg" in person_with(cast(text), "Siegfried Kircheis")


def test_two_people_seen_side_by_side_are_not_one_short_form():
    text = "Tom and Tomas sat down. Tom laughed at Tomas. Tomas smiled at Tom. Tom waved, and Tomas nodded."
    found = cast(text)
    assert person_with(found, "Tom") != person_with(found, "Tomas")


def test_a_cast_list_links_names_the_text_never_joins():
    text = "Hizashi laughed. Present Mic waved. Aizawa sighed at Hizashi. Present Mic grinned at Aizawa."
    found = cast(text, known=["Yamada Hizashi | Present Mic", "Aizawa Shouta"])
    assert {"Hizashi", "Present Mic"} <= person_with(found, "Hizashi")


def test_a_site_character_tag_with_an_initial_finds_the_full_name():
    text = "Hermione Granger sat down. Granger sighed. Hermione read. Draco Malfoy sneered at Granger."
    found = cast(text, known=["Hermione G.", "Draco M."])
    assert {"Hermione", "Hermione Granger"} <= person_with(found, "Hermione")


def test_a_listed_character_who_never_appears_is_not_added():
    found = cast("Hermione sat down. Hermione read. Ron laughed.", known=["Neville L.", "Luna Lovegood"])
    assert not any("Neville" in names or "Luna" in " ".join(names) for names in found.values())


def test_a_tag_for_a_group_seeds_no_one():
    """Site tags name groups too ("Konoha 12", "Rookie Nine"): their words
    are places and numbers, not a person, and the tag changes nothing."""
    text = "Konoha was quiet. Naruto ran through Konoha. Naruto laughed. The Rookie Nine met at dawn."
    found = cast(text, known=["Uzumaki Naruto", "Konoha 12", "Rookie Nine (Naruto)"])
    assert found == cast(text, known=["Uzumaki Naruto"])
    assert not any("Rookie" in " ".join(names) for names in found.values())



def test_a_scripts_mood_tagged_speakers_are_one_person():
    # Script form: the speaker's mood is written onto the name.
    text = ("Hornet Man flew in and Magma Man waved at him.\n\n"
            "HornetGlare: Who are you?\n\nMagmaHappy: A friend!\n\nHornetAnnoyed: Go away.\n\n"
            "JewelHappy: Hello there.\n\nJewelShocked: What?\n\nMagmaSad: Fine.\n\n"
            "HornetGlare: Leave.\n\nMagmaHappy: No!\n\nJewelHappy: Stay.\n")
    found = cast(text)
    assert {"Hornet Man", "HornetGlare", "HornetAnnoyed"} <= person_with(found, "Hornet Man")
    assert {"MagmaHappy", "MagmaSad"} <= person_with(found, "Magma Man")
    assert person_with(found, "JewelHappy") == person_with(found, "JewelShocked")
    # A name that only looks so stays itself.
    assert "DeShawn" in cast('DeShawn laughed. "Sure," said DeShawn. Mara waved at DeShawn.')
