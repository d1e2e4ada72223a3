<?xml version="1.0" encoding="UTF-8"?>
<!-- Browse by date: year → month → day pages, each with counts, in the site's page shell (page.xsl:
     header with the search box and the interface switch). Input: <dates> with the records of the
     years to render (see teiedit/browse.py); output: <pages><page href="…"><html>…</html></page>…</pages>,
     split into files by Python (one transform per year keeps every page small and the run bounded). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:td="urn:teiedit:dates"
  xmlns:tc="urn:teiedit:common"
  xmlns:h="urn:teiedit:html"
  exclude-result-prefixes="#all"
  default-mode="td:page">

  <!-- imported, not included: this stylesheet's xsl:output (XML pages, serialised as HTML by Python) wins -->
  <xsl:import href="../common/links.xsl"/>
  <xsl:import href="page.xsl"/>

  <xsl:mode name="td:page" on-no-match="shallow-skip"/>
  <xsl:mode name="td:list" on-no-match="shallow-skip"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="months-zh" as="xs:string*"
    select="('一月','二月','三月','四月','五月','六月','七月','八月','九月','十月','十一月','十二月')"/>
  <xsl:variable name="months-en" as="xs:string*"
    select="('January','February','March','April','May','June','July','August','September','October','November','December')"/>

  <xsl:template match="/dates" mode="td:page">
    <pages>
      <xsl:if test="@all-years = 'true'">
        <page href="dates/index.html">
          <xsl:call-template name="td:html">
            <xsl:with-param name="root" select="'../'"/>
            <xsl:with-param name="title-en" select="'Browse by date'"/>
            <xsl:with-param name="title-zh" select="'按日期浏览'"/>
            <xsl:with-param name="crumbs" select="()"/>
            <xsl:with-param name="count" select="xs:integer(@count)"/>
            <xsl:with-param name="body">
              <ul class="dates-list">
                <xsl:for-each select="year-count">
                  <li><a href="{@value}/index.html"><xsl:value-of select="@value"/></a>
                    <xsl:text> </xsl:text><span class="count"><xsl:sequence select="td:count(@count)"/></span></li>
                </xsl:for-each>
              </ul>
            </xsl:with-param>
          </xsl:call-template>
        </page>
      </xsl:if>
      <xsl:apply-templates select="year" mode="td:page"/>
    </pages>
  </xsl:template>

  <xsl:template match="year" mode="td:page">
    <xsl:variable name="y" select="@value"/>
    <page href="dates/{$y}/index.html">
      <xsl:call-template name="td:html">
        <xsl:with-param name="root" select="'../../'"/>
        <xsl:with-param name="title-en" select="string($y)"/>
        <xsl:with-param name="title-zh" select="$y || '年'"/>
        <xsl:with-param name="crumbs" select="()"/>
        <xsl:with-param name="count" select="count(.//article)"/>
        <xsl:with-param name="body">
          <ul class="dates-list">
            <xsl:for-each select="month">
              <li><a href="{@value}/index.html"><xsl:sequence select="td:month-name(@value)"/></a>
                <xsl:text> </xsl:text><span class="count"><xsl:sequence select="td:count(count(.//article))"/></span></li>
            </xsl:for-each>
          </ul>
        </xsl:with-param>
      </xsl:call-template>
    </page>
    <xsl:apply-templates select="month" mode="td:page"/>
  </xsl:template>

  <xsl:template match="month" mode="td:page">
    <xsl:variable name="y" select="../@value"/>
    <xsl:variable name="m" select="@value"/>
    <page href="dates/{$y}/{$m}/index.html">
      <xsl:call-template name="td:html">
        <xsl:with-param name="root" select="'../../../'"/>
        <xsl:with-param name="title-en" select="$months-en[xs:integer($m)] || ' ' || $y"/>
        <xsl:with-param name="title-zh" select="$y || '年' || xs:integer($m) || '月'"/>
        <xsl:with-param name="crumbs" select="$y"/>
        <xsl:with-param name="count" select="count(.//article)"/>
        <xsl:with-param name="body">
          <ul class="dates-list">
            <xsl:for-each select="day">
              <li><a href="{@value}.html"><time datetime="{$y}-{$m}-{@value}"><xsl:value-of select="$y || '-' || $m || '-' || @value"/></time></a>
                <xsl:text> </xsl:text><span class="count"><xsl:sequence select="td:count(count(article))"/></span></li>
            </xsl:for-each>
          </ul>
        </xsl:with-param>
      </xsl:call-template>
    </page>
    <xsl:apply-templates select="day" mode="td:page"/>
  </xsl:template>

  <xsl:template match="day" mode="td:page">
    <xsl:variable name="y" select="../../@value"/>
    <xsl:variable name="m" select="../@value"/>
    <xsl:variable name="date" select="$y || '-' || $m || '-' || @value"/>
    <page href="dates/{$y}/{$m}/{@value}.html">
      <xsl:call-template name="td:html">
        <xsl:with-param name="root" select="'../../../'"/>
        <xsl:with-param name="title-en" select="h:date-en($date)"/>
        <xsl:with-param name="title-zh" select="h:date-zh($date)"/>
        <xsl:with-param name="crumbs" select="($y, $m)"/>
        <xsl:with-param name="count" select="count(article)"/>
        <xsl:with-param name="body">
          <xsl:for-each-group select="article" group-by="@page">
            <section class="newspaper-page" id="page-{current-grouping-key()}" aria-labelledby="page-{current-grouping-key()}-title">
              <h2 id="page-{current-grouping-key()}-title">
                <xsl:sequence select="h:ui('Page ' || current-grouping-key(), '第' || current-grouping-key() || '版')"/>
                <xsl:text> </xsl:text><span class="count"><xsl:sequence select="td:count(count(current-group()))"/></span></h2>
              <ul class="articles">
                <xsl:apply-templates select="current-group()" mode="td:list"/>
              </ul>
            </section>
          </xsl:for-each-group>
        </xsl:with-param>
      </xsl:call-template>
    </page>
  </xsl:template>

  <xsl:template match="article" mode="td:list">
    <li class="article" data-article="{@id}">
      <a href="../../../articles/{encode-for-uri(@id)}.html">
        <span lang="zh-Hans" class="title-zh"><xsl:value-of select="@title-zh"/></span>
        <xsl:text> </xsl:text>
        <span lang="en" class="title-en"><xsl:value-of select="@title-en"/></span>
      </a>
      <xsl:if test="@authors-zh != '' or @authors-en != ''">
        <span class="by">
          <span lang="zh-Hans"><xsl:value-of select="@authors-zh"/></span>
          <xsl:if test="@authors-en != ''"><xsl:text> </xsl:text><span lang="en">(<xsl:value-of select="@authors-en"/>)</span></xsl:if>
        </span>
      </xsl:if>
      <xsl:if test="@section != '' or @column != ''">
        <span class="where" lang="zh-Hans"><xsl:value-of select="string-join((@section, @column)[. != ''], ' · ')"/></span>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template name="td:html">
    <xsl:param name="root" as="xs:string"/>
    <xsl:param name="title-en" as="xs:string"/>
    <xsl:param name="title-zh" as="xs:string"/>
    <xsl:param name="crumbs" as="xs:string*"/>
    <xsl:param name="count" as="xs:integer"/>
    <xsl:param name="body"/>
    <xsl:call-template name="h:page">
      <xsl:with-param name="root" select="$root"/>
      <xsl:with-param name="page-class" select="'dates-page'"/>
      <xsl:with-param name="title" select="$title-en || ' · ' || $title-zh || ' — ' || $edition-title"/>
      <xsl:with-param name="content">
        <nav class="crumbs" aria-label="Breadcrumbs · 导航">
          <a href="{$root}dates/index.html"><xsl:sequence select="h:ui('All years', '全部年份')"/></a>
          <xsl:if test="exists($crumbs)">
            <xsl:text> › </xsl:text>
            <a href="{$root}dates/{$crumbs[1]}/index.html"><xsl:value-of select="$crumbs[1]"/></a>
          </xsl:if>
          <xsl:if test="count($crumbs) ge 2">
            <xsl:text> › </xsl:text>
            <a href="{$root}dates/{$crumbs[1]}/{$crumbs[2]}/index.html"><xsl:sequence select="td:month-name($crumbs[2])"/></a>
          </xsl:if>
        </nav>
        <h1><xsl:sequence select="h:ui($title-en, $title-zh)"/></h1>
        <p class="count-total"><xsl:sequence select="td:count($count)"/></p>
        <xsl:copy-of select="$body"/>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:function name="td:count" as="element()+">
    <xsl:param name="n"/>
    <xsl:variable name="i" select="xs:integer($n)"/>
    <xsl:sequence select="h:ui($i || (if ($i = 1) then ' article' else ' articles'), '共 ' || $i || ' 篇')"/>
  </xsl:function>

  <xsl:function name="td:month-name" as="element()+">
    <xsl:param name="m"/>
    <xsl:variable name="i" select="xs:integer($m)"/>
    <xsl:sequence select="h:ui($months-en[$i], $months-zh[$i])"/>
  </xsl:function>
</xsl:stylesheet>
