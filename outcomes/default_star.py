"""The default star (version 1): the contract's area codes with our own plain wording.

Danish is the source; English is a checked translation; Arabic and Farsi are first translations,
shipped marked "to be checked by a native speaker" until the project leader confirms them.
Each text: (name, low, middle, high).
"""

INTERVAL_MONTHS = 3
CODES = ["danish", "network", "authorities", "everyday", "health", "work", "home", "confidence"]
CHECKED = {"da", "en"}

TEXTS = {
    "da": {
        "danish": (
            "Dansk sprog",
            "Jeg forstår og taler kun lidt dansk.",
            "Jeg klarer mig på dansk i enkle hverdagssituationer.",
            "Jeg taler dansk i de fleste situationer uden besvær.",
        ),
        "network": (
            "Socialt netværk",
            "Jeg er meget alene og har næsten ingen at tale med.",
            "Jeg har nogle få mennesker, jeg ses med.",
            "Jeg har flere mennesker i mit liv, som jeg kan regne med.",
        ),
        "authorities": (
            "Kontakt med myndigheder",
            "Breve og kontakt med kommune, læge og andre myndigheder er svære for mig.",
            "Jeg klarer noget selv, men har ofte brug for hjælp.",
            "Jeg klarer det meste selv og ved, hvor jeg kan få hjælp.",
        ),
        "everyday": (
            "Hverdag og økonomi",
            "Hverdagen og pengene er svære at få til at hænge sammen.",
            "Jeg klarer det meste af hverdagen, men noget er svært.",
            "Jeg har styr på min hverdag og min økonomi.",
        ),
        "health": (
            "Helbred og trivsel",
            "Jeg har det meget svært, og det fylder det meste af dagen.",
            "Jeg har både gode og svære dage.",
            "Jeg har det for det meste godt og ved, hvad der hjælper mig.",
        ),
        "work": (
            "Arbejde eller uddannelse",
            "Arbejde eller uddannelse føles langt væk.",
            "Jeg er på vej, fx på sprogskole, i praktik eller på kursus.",
            "Jeg arbejder, studerer eller er tæt på at gøre det.",
        ),
        "home": (
            "At føle sig hjemme i Danmark",
            "Jeg føler mig fremmed her.",
            "Nogle steder og med nogle mennesker føler jeg mig hjemme.",
            "Jeg føler mig hjemme i Danmark.",
        ),
        "confidence": (
            "Selvtillid",
            "Jeg tror ikke på, at jeg kan klare ting selv.",
            "Nogle gange tror jeg på mig selv.",
            "Jeg tror på, at jeg kan klare det, jeg gerne vil.",
        ),
    },
    "en": {
        "danish": (
            "Danish language",
            "I understand and speak only a little Danish.",
            "I manage in Danish in simple everyday situations.",
            "I speak Danish in most situations without difficulty.",
        ),
        "network": (
            "Social network",
            "I am very much alone and have almost nobody to talk to.",
            "I have a few people I see.",
            "I have several people in my life I can count on.",
        ),
        "authorities": (
            "Contact with authorities",
            "Letters and contact with the municipality, the doctor and other authorities are hard for me.",
            "I manage some things myself but often need help.",
            "I manage most things myself and know where to get help.",
        ),
        "everyday": (
            "Everyday life and money",
            "It is hard to make everyday life and money add up.",
            "I manage most of everyday life, but some things are hard.",
            "I have my everyday life and my money under control.",
        ),
        "health": (
            "Health and well-being",
            "I am having a very hard time, and it takes up most of the day.",
            "I have both good and hard days.",
            "I am mostly well and know what helps me.",
        ),
        "work": (
            "Work or education",
            "Work or education feels far away.",
            "I am on my way, e.g. language school, a work placement or a course.",
            "I work, study or am close to doing so.",
        ),
        "home": (
            "Feeling at home in Denmark",
            "I feel like a stranger here.",
            "In some places and with some people I feel at home.",
            "I feel at home in Denmark.",
        ),
        "confidence": (
            "Confidence",
            "I do not believe I can manage things on my own.",
            "Sometimes I believe in myself.",
            "I believe I can do what I want to do.",
        ),
    },
    "ar": {
        "danish": (
            "اللغة الدانماركية",
            "أفهم وأتكلم القليل من الدانماركية فقط.",
            "أتدبر أموري بالدانماركية في مواقف الحياة اليومية البسيطة.",
            "أتكلم الدانماركية في معظم المواقف بسهولة.",
        ),
        "network": (
            "العلاقات الاجتماعية",
            "أنا وحيد جدًا وليس لدي تقريبًا أحد أتحدث معه.",
            "لدي عدد قليل من الأشخاص الذين ألتقي بهم.",
            "في حياتي عدة أشخاص يمكنني الاعتماد عليهم.",
        ),
        "authorities": (
            "التواصل مع الجهات الرسمية",
            "الرسائل والتواصل مع البلدية والطبيب والجهات الأخرى صعبة علي.",
            "أتدبر بعض الأمور بنفسي، لكني أحتاج إلى المساعدة كثيرًا.",
            "أتدبر معظم الأمور بنفسي وأعرف أين أجد المساعدة.",
        ),
        "everyday": (
            "الحياة اليومية والمال",
            "من الصعب أن أنظم حياتي اليومية وأموري المالية.",
            "أتدبر معظم حياتي اليومية، لكن بعض الأمور صعبة.",
            "حياتي اليومية وأموري المالية منظمة.",
        ),
        "health": (
            "الصحة والراحة النفسية",
            "أمرّ بوقت صعب جدًا، وهذا يشغل معظم يومي.",
            "لدي أيام جيدة وأيام صعبة.",
            "أنا بخير في معظم الأوقات وأعرف ما يساعدني.",
        ),
        "work": (
            "العمل أو الدراسة",
            "العمل أو الدراسة يبدوان بعيدين جدًا.",
            "أنا في الطريق، مثلًا في مدرسة اللغة أو في تدريب عملي أو في دورة.",
            "أعمل أو أدرس أو أنا قريب من ذلك.",
        ),
        "home": (
            "الشعور بالانتماء في الدانمارك",
            "أشعر بأنني غريب هنا.",
            "أشعر بأنني في بيتي في بعض الأماكن ومع بعض الناس.",
            "أشعر بأنني في بيتي في الدانمارك.",
        ),
        "confidence": (
            "الثقة بالنفس",
            "لا أثق بأنني أستطيع أن أتدبر الأمور بنفسي.",
            "أحيانًا أثق بنفسي.",
            "أثق بأنني أستطيع أن أحقق ما أريده.",
        ),
    },
    "fa": {
        "danish": (
            "زبان دانمارکی",
            "فقط کمی دانمارکی می‌فهمم و صحبت می‌کنم.",
            "در موقعیت‌های ساده روزمره به دانمارکی از پس کارهایم برمی‌آیم.",
            "در بیشتر موقعیت‌ها به راحتی دانمارکی صحبت می‌کنم.",
        ),
        "network": (
            "روابط اجتماعی",
            "خیلی تنها هستم و تقریباً کسی را برای صحبت ندارم.",
            "چند نفر را دارم که با آن‌ها دیدار می‌کنم.",
            "چند نفر در زندگی‌ام هستند که می‌توانم روی آن‌ها حساب کنم.",
        ),
        "authorities": (
            "ارتباط با ادارات",
            "نامه‌ها و ارتباط با شهرداری، پزشک و ادارات دیگر برایم سخت است.",
            "بعضی کارها را خودم انجام می‌دهم، اما اغلب به کمک نیاز دارم.",
            "بیشتر کارها را خودم انجام می‌دهم و می‌دانم از کجا کمک بگیرم.",
        ),
        "everyday": (
            "زندگی روزمره و امور مالی",
            "اداره زندگی روزمره و پول برایم سخت است.",
            "بیشتر زندگی روزمره‌ام را اداره می‌کنم، اما بعضی چیزها سخت است.",
            "زندگی روزمره و امور مالی‌ام را در دست دارم.",
        ),
        "health": (
            "سلامتی و حال خوب",
            "حالم خیلی بد است و این بیشتر روزم را می‌گیرد.",
            "هم روزهای خوب دارم و هم روزهای سخت.",
            "بیشتر وقت‌ها حالم خوب است و می‌دانم چه چیزی به من کمک می‌کند.",
        ),
        "work": (
            "کار یا تحصیل",
            "کار یا تحصیل خیلی دور به نظر می‌رسد.",
            "در راه هستم، مثلاً در مدرسه زبان، کارآموزی یا یک دوره آموزشی.",
            "کار می‌کنم، درس می‌خوانم یا نزدیک به آن هستم.",
        ),
        "home": (
            "احساس در خانه بودن در دانمارک",
            "اینجا احساس غریبی می‌کنم.",
            "در بعضی جاها و با بعضی آدم‌ها احساس می‌کنم در خانه‌ام.",
            "در دانمارک احساس می‌کنم در خانه‌ام.",
        ),
        "confidence": (
            "اعتماد به نفس",
            "باور ندارم که بتوانم کارها را خودم انجام دهم.",
            "گاهی به خودم باور دارم.",
            "باور دارم که می‌توانم به آنچه می‌خواهم برسم.",
        ),
    },
}


def create_default_star(StarVersion, StarArea, AreaText) -> None:
    """Version 1, unless a star exists. Takes the model classes so a migration can pass its own."""
    if StarVersion.objects.exists():
        return
    version = StarVersion.objects.create(number=1, interval_months=INTERVAL_MONTHS, note="Standardstjernen")
    for order, code in enumerate(CODES, start=1):
        area = StarArea.objects.create(version=version, code=code, order=order * 10)
        AreaText.objects.bulk_create(
            AreaText(
                area=area,
                language=language,
                name=texts[code][0],
                low=texts[code][1],
                middle=texts[code][2],
                high=texts[code][3],
                needs_check=language not in CHECKED,
            )
            for language, texts in TEXTS.items()
        )
