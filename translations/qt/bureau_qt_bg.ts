<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="bg">
<!-- Qt's own words that the qtbase_*.qm shipped with PySide6 lacks (their
     source text changed in Qt 6, e.g. a mnemonic added). Compiled with
     pyside6-lrelease into bureau_qt_bg.qm; loaded after qtbase_bg.qm. -->
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Търсене в:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Файлове от &amp;тип:</translation>
    </message>
</context>
<context>
    <name>QPrintSettingsOutput</name>
    <message>
        <source>Long side binding</source>
        <translation>Подвързване по дългата страна</translation>
    </message>
    <message>
        <source>Short side binding</source>
        <translation>Подвързване по късата страна</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Изключено</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Страници</translation>
    </message>
    <message>
        <source>Page &amp;Set:</source>
        <translation>&amp;Набор страници:</translation>
    </message>
    <message>
        <source>Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.</source>
        <translation>Посочете страници или диапазони, разделени със запетаи. Диапазонът е две числа с тире между тях. Например 3,5-7,9 отпечатва страници 3, 5, 6, 7 и 9.</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Формуляр</translation>
    </message>
</context>
<context>
    <name>QPrintWidget</name>
    <message>
        <source>Form</source>
        <translation>Формуляр</translation>
    </message>
</context>
</TS>
